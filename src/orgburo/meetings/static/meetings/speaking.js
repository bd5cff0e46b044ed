// The speaker's clock: the element marked data-speaking-since (when they were given the floor)
// and data-speaking-minutes (their time) counts down each second, and says when time is up.
// Without JavaScript the list still shows who speaks and for how long they were given.
(function () {
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  document.addEventListener("DOMContentLoaded", function () {
    var clock = document.querySelector("[data-speaking-since]");
    if (!clock) return;
    var since = Date.parse(clock.dataset.speakingSince);
    var allowed = parseInt(clock.dataset.speakingMinutes, 10) * 60;
    var label = clock.textContent;
    function tick() {
      var left = allowed - Math.floor((Date.now() - since) / 1000);
      if (left <= 0) {
        clock.textContent = clock.dataset.overText + " (−" + Math.floor(-left / 60) + ":" + pad(-left % 60) + ")";
        clock.className = "badge no";
      } else {
        clock.textContent = label + " — " + Math.floor(left / 60) + ":" + pad(left % 60);
      }
    }
    tick();
    setInterval(tick, 1000);
  });
})();
