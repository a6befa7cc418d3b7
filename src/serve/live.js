// kintsugi serve: live reload. Injected only by `kintsugi serve`.
(function () {
  "use strict";
  var KEY = "kintsugi:scroll:" + location.pathname;
  try {
    var saved = sessionStorage.getItem(KEY);
    if (saved !== null) {
      sessionStorage.removeItem(KEY);
      var y = parseInt(saved, 10);
      var restore = function () { window.scrollTo(0, y); };
      if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
    }
  } catch (e) {}

  function overlay(errors) {
    var old = document.getElementById("kintsugi-overlay");
    if (old) old.remove();
    if (!errors || !errors.length) return;
    var box = document.createElement("section");
    box.id = "kintsugi-overlay";
    box.setAttribute("role", "alert");
    box.setAttribute("aria-label", "Build errors");
    box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "background:#2b1a1a;color:#fde8e8;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
      "padding:1rem 1.25rem;border-top:4px solid #e0605e;box-shadow:0 -4px 24px rgba(0,0,0,.4)";
    var head = document.createElement("div");
    head.style.cssText = "display:flex;justify-content:space-between;align-items:center;gap:1rem;margin-bottom:.5rem";
    var title = document.createElement("strong");
    title.textContent = "The last save did not build (" + errors.length + " problem" + (errors.length === 1 ? "" : "s") + "). Showing the last good version.";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Dismiss";
    close.style.cssText = "font:inherit;padding:.25rem .75rem;cursor:pointer";
    close.addEventListener("click", function () { box.remove(); });
    head.appendChild(title);
    head.appendChild(close);
    box.appendChild(head);
    errors.forEach(function (text) {
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:.5rem 0;padding:.5rem;background:rgba(0,0,0,.3)";
      pre.textContent = text;
      box.appendChild(pre);
    });
    document.body.appendChild(box);
    close.focus();
  }

  function reload() {
    try { sessionStorage.setItem(KEY, String(window.scrollY)); } catch (e) {}
    location.reload();
  }

  function swapCss() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href);
      url.searchParams.set("kintsugi", String(Date.now()));
      link.href = url.toString();
    });
  }

  var generation = null;
  var source = new EventSource("/__kintsugi/events");
  source.addEventListener("hello", function (e) {
    var state = JSON.parse(e.data);
    // A build finished while we were away: catch up.
    if (generation !== null && state.generation !== generation) { reload(); return; }
    generation = state.generation;
    overlay(state.errors);
  });
  source.addEventListener("reload", function (e) {
    var state = JSON.parse(e.data);
    if (state.generation === generation) return;
    reload();
  });
  source.addEventListener("css", function (e) {
    var state = JSON.parse(e.data);
    generation = state.generation;
    overlay([]);
    swapCss();
  });
  source.addEventListener("errors", function (e) {
    overlay(JSON.parse(e.data).errors);
  });
})();
