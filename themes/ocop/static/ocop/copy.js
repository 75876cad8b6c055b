// Copy buttons on the VietQR screen: the shopper pays from the same phone and
// pastes account, amount and message into the banking app. Without JavaScript
// (or a clipboard) the buttons stay hidden and the text is there to select.
(function () {
  if (!navigator.clipboard) return;
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copy).then(function () {
        button.textContent = button.dataset.copied || "✓";
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });
})();
