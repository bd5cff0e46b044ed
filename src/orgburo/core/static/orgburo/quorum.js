// A meeting's quorum counted as the secretary ticks who is present: the boxes of a field marked
// data-quorum="N" say, under the field, how many are ticked and whether the quorum is there
// (a box marked data-counts="0", someone with a consultative voice only, is not counted).
// Without JavaScript the form still works; the server refuses decisions without a quorum.
(function () {
  function update(name, needed, output) {
    var ticked = document.querySelectorAll(
      'input[name="' + name + '"]:checked:not([data-counts="0"])').length;
    output.textContent = output.dataset.template
      .replace("%(present)s", ticked)
      .replace("%(needed)s", needed);
    output.className = ticked >= needed ? "badge yes" : "badge no";
  }
  document.addEventListener("DOMContentLoaded", function () {
    var first = document.querySelector("input[data-quorum]");
    if (!first) return;
    var name = first.name, needed = parseInt(first.dataset.quorum, 10);
    var boxes = document.querySelectorAll('input[name="' + name + '"]');
    var output = document.createElement("output");
    output.id = "quorum-live";
    output.setAttribute("aria-live", "polite");
    output.dataset.template = first.dataset.quorumText;
    var last = boxes[boxes.length - 1];
    (last.closest("div") || last.parentNode).after(output);
    boxes.forEach(function (box) {
      box.addEventListener("change", function () { update(name, needed, output); });
    });
    update(name, needed, output);
  });
})();
