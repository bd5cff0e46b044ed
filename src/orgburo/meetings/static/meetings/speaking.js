// The speaker's clock: the element marked data-speaking-left (the seconds of their time left
// when the page was drawn, by the server's clock) counts down each second and says when time is
// up. Without JavaScript the list still shows who speaks and the time they were given.
(function () {
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  document.addEventListener("DOMContentLoaded", function () {
    var clock = document.querySelector("[data-speaking-left]");
    if (!clock) return;
    var loaded = Date.now();
    var left0 = parseInt(clock.dataset.speakingLeft, 10);
    var label = clock.textContent;
    function tick() {
      var left = left0 - Math.floor((Date.now() - loaded) / 1000);
      if (left <= 0) {
        clock.textContent = clock.dataset.overText + " (+" + Math.floor(-left / 60) + ":" + pad(-left % 60) + ")";
        clock.className = "badge no";
      } else {
        clock.textContent = label + " — " + Math.floor(left / 60) + ":" + pad(left % 60);
      }
    }
    tick();
    setInterval(tick, 1000);
  });
})();
