/* Suggestions under the search box as one types. Progressive enhancement:
   without JavaScript (or if the request fails) the plain form still submits. */
(function () {
  "use strict";
  var form = document.querySelector(".site-search[data-suggest-url]");
  if (!form || !window.fetch || !window.AbortController) return;
  var input = form.querySelector("input[name=q]");
  var list = document.getElementById("search-suggestions");
  var timer = null;
  var pending = null;

  function hide() {
    list.hidden = true;
    list.textContent = "";
    input.setAttribute("aria-expanded", "false");
  }

  function option(text, url, tag) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    li.setAttribute("role", "option");
    link.href = url;
    link.className = "suggestion";
    link.textContent = text;
    if (tag) {
      var small = document.createElement("small");
      small.textContent = tag;
      link.appendChild(small);
    }
    li.appendChild(link);
    return li;
  }

  function show(data) {
    list.textContent = "";
    data.products.forEach(function (p) { list.appendChild(option(p.title, p.url)); });
    data.sellers.forEach(function (s) {
      list.appendChild(option(s.name, s.url, form.dataset.sellerLabel));
    });
    list.hidden = list.children.length === 0;
    input.setAttribute("aria-expanded", String(!list.hidden));
  }

  function fetchSuggestions() {
    var query = input.value.trim();
    if (query.length < 2) { hide(); return; }
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(form.dataset.suggestUrl + "?q=" + encodeURIComponent(query), {
      signal: pending.signal, headers: { Accept: "application/json" }
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && input.value.trim() === query) show(data); })
      .catch(function () { /* offline or aborted: the form still works */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 150);
  });
  form.addEventListener("keydown", function (event) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    var at = links.indexOf(document.activeElement);
    if (event.key === "Escape") { hide(); input.focus(); }
    else if (event.key === "ArrowDown" && links.length) {
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : links[at - 1]).focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) hide();
  });
})();
