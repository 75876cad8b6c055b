/* Livestream countdowns: "2 giờ 5 phút" kept current; the page reloads when a
   livestream starts or ends so its badge and buttons follow the clock. A time
   already past when the page loads (the phone's clock ahead of the server's)
   never reloads: that would loop. */
(function () {
  var nodes = document.querySelectorAll("time[data-countdown]");
  if (!nodes.length) return;
  var lang = document.documentElement.lang || "vi";
  var units = lang.indexOf("vi") === 0 ? { d: " ngày", h: " giờ", m: " phút", s: " giây" } : { d: "d", h: "h", m: "min", s: "s" };
  function text(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
    if (d) return d + units.d + " " + h + units.h;
    if (h) return h + units.h + " " + m + units.m;
    if (m) return m + units.m + " " + (s % 60) + units.s;
    return (s % 60) + units.s;
  }
  var loaded = Date.now();
  function tick() {
    var now = Date.now();
    nodes.forEach(function (node) {
      var at = Date.parse(node.getAttribute("datetime"));
      if (at - now <= 0) {
        if (at > loaded) window.location.reload();
        return;
      }
      node.textContent = text(at - now);
    });
  }
  tick();
  setInterval(tick, 1000);
})();
