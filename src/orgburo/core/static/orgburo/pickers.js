// Pickers (core/pickers.py): Enter in a search box searches at once instead of sending the
// form half filled, and the box shows the name of the record chosen.
document.addEventListener("keydown", function (event) {
  var box = event.target;
  if (event.key === "Enter" && box.matches(".picker input[type=search]")) {
    event.preventDefault();
    if (window.htmx) { window.htmx.trigger(box, "search"); }
  }
});
document.addEventListener("change", function (event) {
  var radio = event.target;
  if (radio.matches(".picker input[type=radio]")) {
    var box = radio.closest(".picker").querySelector("input[type=search]");
    box.value = radio.parentElement.textContent.trim();
  }
});
