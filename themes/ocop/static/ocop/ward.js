// With JavaScript, picking a province reloads its communes straight away
// (WardChoicesMixin forms re-show themselves on "choose_province"); without
// it, the "show the communes" button does the same.
(function () {
  var province = document.getElementById("id_province");
  if (!province) return;
  province.addEventListener("change", function (event) {
    var form = event.target.form, flag = document.createElement("input");
    flag.type = "hidden"; flag.name = "choose_province"; flag.value = "1";
    form.appendChild(flag); form.submit();
  });
})();
