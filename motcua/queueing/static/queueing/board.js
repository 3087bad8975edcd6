/* Display board: server-sent events, polling while the stream is down, and the optional voice call-out.
   Recovers by itself after a network cut or a server restart (EventSource reconnects; polling bridges). */
(function () {
  "use strict";
  var root = document.getElementById("board-root");
  if (!root) return;
  var content = document.getElementById("board-content");
  var conn = root.querySelector("[data-conn]");
  var sseUrl = root.getAttribute("data-sse");
  var pollUrl = root.getAttribute("data-poll");
  var pollMs = 1000 * parseInt(root.getAttribute("data-poll-seconds") || "3", 10);
  var clips = root.getAttribute("data-voice-clips");
  var sayTemplate = root.getAttribute("data-say-template");
  var voiceOn = root.getAttribute("data-voice") === "1";
  var source = null, pollTimer = null, lastCall = null;

  function board() { return content.querySelector(".board"); }
  function version() { var b = board(); return b ? b.getAttribute("data-version") : ""; }
  function status(ok) {
    conn.classList.toggle("lost", !ok);
    conn.textContent = ok ? conn.getAttribute("data-live") : conn.getAttribute("data-lost");
    root.setAttribute("data-connected", ok ? "1" : "0");
  }
  conn.setAttribute("data-live", conn.textContent);
  conn.setAttribute("data-lost", document.documentElement.lang === "en" ? "Reconnecting…" : "Đang kết nối lại…");

  function announce() {
    var items = content.querySelectorAll("[data-call-id]");
    var newest = items.length ? parseInt(items[0].getAttribute("data-call-id"), 10) : 0;
    if (lastCall === null) { lastCall = newest; return; }
    var fresh = [];
    for (var i = items.length - 1; i >= 0; i--) {
      var id = parseInt(items[i].getAttribute("data-call-id"), 10);
      if (id > lastCall) fresh.push(items[i]);
    }
    lastCall = Math.max(lastCall, newest);
    if (!voiceOn) return;
    fresh.forEach(function (li) { say(li.getAttribute("data-label"), li.getAttribute("data-counter-number")); });
  }

  function spoken(label) {
    var m = /^([A-Z]+)(\d+)$/.exec(label || "");
    return m ? m[1] + " " + parseInt(m[2], 10) : label;
  }
  var clipQueue = [];
  function playClips(names) {
    clipQueue = clipQueue.concat(names);
    if (clipQueue.length !== names.length) return;
    (function next() {
      if (!clipQueue.length) return;
      var audio = new Audio(clips.replace(/\/$/, "") + "/" + clipQueue[0] + ".mp3");
      audio.onended = audio.onerror = function () { clipQueue.shift(); next(); };
      audio.play().catch(function () { clipQueue.shift(); next(); });
    })();
  }
  function say(label, counter) {
    if (clips) {
      var m = /^([A-Z]+)(\d+)$/.exec(label || "") || ["", label, ""];
      var names = ["moi-cong-dan"].concat(m[1].split("")).concat(String(parseInt(m[2], 10)).split(""));
      playClips(names.concat(["den-quay"]).concat(String(counter).split("")));
      return;
    }
    if (!("speechSynthesis" in window)) return;
    var text = sayTemplate.replace("{number}", spoken(label)).replace("{counter}", counter);
    var u = new SpeechSynthesisUtterance(text);
    u.lang = "vi-VN";
    var vi = window.speechSynthesis.getVoices().filter(function (v) { return /^vi/i.test(v.lang); })[0];
    if (vi) u.voice = vi;
    window.speechSynthesis.speak(u);
  }
  var toggle = root.querySelector("[data-voice-toggle]");
  if (toggle) toggle.addEventListener("click", function () {
    voiceOn = !voiceOn;
    toggle.setAttribute("aria-pressed", voiceOn ? "true" : "false");
    if (voiceOn && !clips && "speechSynthesis" in window) window.speechSynthesis.speak(new SpeechSynthesisUtterance(""));
  });

  function swap(html) { content.innerHTML = html; announce(); }

  function poll() {
    fetch(pollUrl + "?v=" + encodeURIComponent(version()), { credentials: "same-origin", cache: "no-store" })
      .then(function (r) {
        if (r.status === 204) { status(true); return null; }
        if (!r.ok) throw new Error(r.status);
        status(true);
        return r.text();
      })
      .then(function (html) { if (html) swap(html); })
      .catch(function () { status(false); });
  }
  function startPolling() { if (!pollTimer) pollTimer = setInterval(poll, pollMs); }
  function stopPolling() { if (pollTimer) { clearInterval(pollTimer); pollTimer = null; } }

  function connect() {
    source = new EventSource(sseUrl + "?v=" + encodeURIComponent(version()));
    source.addEventListener("open", function () { status(true); stopPolling(); });
    source.addEventListener("board", function (e) { swap(e.data); });
    source.addEventListener("error", function () {
      // The stream ends every few seconds by design and the browser reconnects; only a failed
      // reconnection (server down, network cut) switches the board to polling.
      if (source.readyState === EventSource.CLOSED) { source = null; setTimeout(connect, pollMs); }
      startPolling();
      poll();
    });
  }
  announce();
  if (sseUrl && "EventSource" in window) connect(); else startPolling();
})();
