/* Shared by the floor screens: the clock, and going back to the start screen after a while. */
(function () {
  "use strict";
  var clock = document.querySelector("[data-clock]");
  // The centre's time (Asia/Ho_Chi_Minh), whatever time zone the device was set up with.
  var format = null;
  try {
    format = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit", hour12: false });
  } catch (e) { format = null; }
  function tick() {
    if (!clock) return;
    var d = new Date();
    clock.textContent = format ? format.format(d) : String(d.getHours()).padStart(2, "0") + ":" + String(d.getMinutes()).padStart(2, "0");
  }
  tick();
  setInterval(tick, 10000);
  var back = document.querySelector("[data-return-after]");
  if (back) {
    setTimeout(function () { window.location.href = back.getAttribute("href"); },
      1000 * parseInt(back.getAttribute("data-return-after"), 10));
  }
  var printNow = document.querySelector("[data-print-now]");
  if (printNow) {
    window.addEventListener("load", function () { window.print(); });
  }
})();
document.addEventListener("click", function (event) {
  if (event.target.closest && event.target.closest("[data-print]")) window.print();
});
