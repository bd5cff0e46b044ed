// The organisation tree: a node's first click loads its children (htmx, once); every later
// click folds or unfolds them, and the button says which it will do.
document.addEventListener("click", (event) => {
  const button = event.target.closest("ul.tree button.toggle");
  if (!button) return;
  const opened = button.getAttribute("aria-expanded") === "true";
  if (button.dataset.loaded) {
    const children = button.parentElement.querySelector(":scope > ul");
    if (children) children.hidden = opened;
  }
  button.dataset.loaded = "1";
  button.setAttribute("aria-expanded", opened ? "false" : "true");
  button.setAttribute("aria-label", opened ? button.dataset.expand : button.dataset.collapse);
  button.textContent = opened ? "+" : "−";
});
