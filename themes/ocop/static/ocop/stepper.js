// − and + beside a quantity field: big targets for thumbs; the field itself
// keeps working without JavaScript.
(function () {
  document.querySelectorAll("[data-stepper]").forEach(function (stepper) {
    var input = stepper.querySelector("input");
    stepper.querySelectorAll("[data-step]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var next = (parseInt(input.value, 10) || 1) + parseInt(button.dataset.step, 10);
        var low = parseInt(input.min, 10) || 1, high = parseInt(input.max, 10) || 99;
        input.value = Math.min(high, Math.max(low, next));
      });
    });
  });
})();
