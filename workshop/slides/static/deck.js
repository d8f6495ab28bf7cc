// Slides in the browser: one slide at a time, keyboard navigation, the slide
// number in the URL (#/3), and a speaker view kept in step over a BroadcastChannel.
// Plain JavaScript, no library: the site must work offline.
(function () {
  "use strict";

  const body = document.body;
  const name = body.dataset.deck;
  const count = Number(body.dataset.count);
  const speaker = body.classList.contains("speaker-page");
  const WIDTH = 1280;
  const HEIGHT = 720;
  let current = 0;

  // Every window showing this deck (audience and speaker) hears every move.
  const channel = "BroadcastChannel" in window ? new BroadcastChannel("workshop-deck:" + name) : null;

  function fromHash() {
    const match = /^#\/(\d+)$/.exec(window.location.hash);
    return match ? Number(match[1]) : 1;
  }

  function show(number, announce) {
    const n = Math.min(Math.max(1, number || 1), count);
    current = n;
    document.querySelectorAll(".deck").forEach(function (deck) {
      const wanted = n + Number(deck.dataset.offset || 0);
      deck.querySelectorAll(".slide").forEach(function (slide) {
        slide.classList.toggle("current", Number(slide.dataset.number) === wanted);
      });
    });
    document.querySelectorAll(".notes").forEach(function (notes) {
      notes.hidden = Number(notes.dataset.number) !== n;
    });
    document.querySelectorAll(".current-number").forEach(function (el) {
      el.textContent = String(n);
    });
    if (window.location.hash !== "#/" + n) {
      history.replaceState(null, "", "#/" + n);
    }
    if (announce && channel) {
      channel.postMessage({ slide: n });
    }
  }

  function go(number) {
    show(number, true);
  }

  function fit() {
    // Slides are laid out at 1280×720 and scaled to the window keeping 16:9, centred:
    // a 4:3 projector shows bands above and below, a wide window bands at the sides.
    document.querySelectorAll(".stage").forEach(function (stage) {
      const scale = Math.min(stage.clientWidth / WIDTH, stage.clientHeight / HEIGHT);
      const left = (stage.clientWidth - WIDTH * scale) / 2;
      const top = (stage.clientHeight - HEIGHT * scale) / 2;
      stage.querySelectorAll(".deck").forEach(function (deck) {
        deck.style.transform = "translate(" + left + "px, " + top + "px) scale(" + scale + ")";
      });
    });
  }

  // Key C: high contrast for a washed-out projector, remembered, and shared by every window.
  const CONTRAST = "workshop-high-contrast";
  function contrast(on, announce) {
    body.classList.toggle("high-contrast", on);
    try { localStorage.setItem(CONTRAST, on ? "1" : ""); } catch (error) { /* private mode */ }
    if (announce && channel) channel.postMessage({ contrast: on });
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target.closest && event.target.closest("input, textarea, select")) return;
    const key = event.key;
    let handled = true;
    if (key === "ArrowRight" || key === "ArrowDown" || key === "PageDown" || (key === " " && !event.shiftKey)) {
      go(current + 1);
    } else if (key === "ArrowLeft" || key === "ArrowUp" || key === "PageUp" || (key === " " && event.shiftKey)) {
      go(current - 1);
    } else if (key === "Home") {
      go(1);
    } else if (key === "End") {
      go(count);
    } else if ((key === "s" || key === "S") && !speaker) {
      window.open("speaker/#/" + current, "speaker-" + name);
    } else if (key === "c" || key === "C") {
      contrast(!body.classList.contains("high-contrast"), true);
    } else if ((key === "f" || key === "F") && document.fullscreenEnabled) {
      if (document.fullscreenElement) document.exitFullscreen();
      else document.documentElement.requestFullscreen();
    } else {
      handled = false;
    }
    if (handled) event.preventDefault();
  });

  document.querySelectorAll("button.next").forEach(function (button) {
    button.addEventListener("click", function () { go(current + 1); });
  });
  document.querySelectorAll("button.prev").forEach(function (button) {
    button.addEventListener("click", function () { go(current - 1); });
  });
  document.querySelectorAll("a.open-speaker").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      window.open("speaker/#/" + current, "speaker-" + name);
    });
  });

  window.addEventListener("hashchange", function () { go(fromHash()); });
  window.addEventListener("resize", fit);
  if (channel) {
    channel.addEventListener("message", function (event) {
      if (event.data && event.data.slide) show(event.data.slide, false);
      if (event.data && "contrast" in event.data) contrast(event.data.contrast, false);
    });
  }

  // The speaker's clock: time since the view opened, pausable, and the time of day.
  if (speaker) {
    const timer = document.querySelector(".timer");
    const clock = document.querySelector(".time-of-day");
    const pause = document.querySelector(".timer-pause");
    // The deck's budget (teaching and core exercises, from its front matter), in seconds.
    const budget = Number(document.querySelector(".speaker").dataset.budget || 0) * 60;
    const bar = document.querySelector(".budget-bar");
    let started = Date.now();
    let pausedAt = null;

    function two(n) { return String(n).padStart(2, "0"); }

    function tick() {
      const elapsed = Math.floor(((pausedAt || Date.now()) - started) / 1000);
      const hours = Math.floor(elapsed / 3600);
      timer.textContent = (hours ? hours + ":" : "") + two(Math.floor(elapsed / 60) % 60) + ":" + two(elapsed % 60);
      const now = new Date();
      clock.textContent = two(now.getHours()) + ":" + two(now.getMinutes());
      if (budget && bar) {
        const share = Math.min(100, Math.round((100 * elapsed) / budget));
        bar.firstElementChild.style.width = share + "%";
        bar.setAttribute("aria-valuenow", String(share));
        bar.classList.toggle("over", elapsed > budget);
        timer.classList.toggle("over", elapsed > budget);
      }
    }

    pause.addEventListener("click", function () {
      if (pausedAt) {
        started += Date.now() - pausedAt;
        pausedAt = null;
        pause.textContent = "Pause";
      } else {
        pausedAt = Date.now();
        pause.textContent = "Resume";
      }
      tick();
    });
    document.querySelector(".timer-reset").addEventListener("click", function () {
      started = Date.now();
      if (pausedAt) pausedAt = started;
      tick();
    });
    tick();
    setInterval(tick, 1000);
  }

  try { if (localStorage.getItem(CONTRAST)) body.classList.add("high-contrast"); } catch (error) { /* private mode */ }
  fit();
  show(fromHash(), false);
  body.classList.add("ready");
})();
