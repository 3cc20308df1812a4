// The verification queue: a "select all on this page" box that ticks every nomination shown.
// Without it the page still works: choose "every nomination on this page" as the decision's scope.
document.addEventListener("DOMContentLoaded", function () {
  var all = document.getElementById("select-page");
  if (!all) return;
  var boxes = document.querySelectorAll('input[type="checkbox"][name="ids"]');
  all.hidden = false;
  all.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
  });
});
