/* kintsugi worksheets: keeps a reader's answers in this browser and prints them.
 *
 * Every control of `form.worksheet-form` is saved to localStorage under
 * `kintsugi:<data-worksheet of article.worksheet>:<control name>` as the reader types,
 * and restored on load. Nothing is ever sent anywhere: this file makes no request.
 * Without this script the page is still a complete, blank, printable sheet.
 */
(function () {
  "use strict";

  var article = document.querySelector("article.worksheet[data-worksheet]");
  var form = article && article.querySelector("form.worksheet-form");
  if (!form) return;

  var prefix = "kintsugi:" + article.getAttribute("data-worksheet") + ":";
  var status = article.querySelector(".erase-status");
  // The question and the announcement, in the site's language, come with the status line.
  var ERASE_QUESTION = (status && status.getAttribute("data-erase-question")) ||
    "Erase every answer on this worksheet from this device?";
  var ERASED = (status && status.getAttribute("data-erased")) || "Your answers were erased.";

  // Storage can be missing or throw (private modes, blocked cookies, full quota): answers
  // then simply last as long as the page.
  function storage() {
    try { return window.localStorage || null; } catch (e) { return null; }
  }
  function load(key) {
    var s = storage();
    try { return s ? s.getItem(key) : null; } catch (e) { return null; }
  }
  function save(key, value) {
    var s = storage();
    try { if (s) s.setItem(key, value); } catch (e) { /* keep going without saving */ }
  }
  function forget(key) {
    var s = storage();
    try { if (s) s.removeItem(key); } catch (e) { /* nothing to forget */ }
  }
  function pageKeys() {
    var s = storage(), keys = [];
    try {
      for (var i = 0; s && i < s.length; i++) {
        var k = s.key(i);
        if (k && k.indexOf(prefix) === 0) keys.push(k);
      }
    } catch (e) { /* no keys to list */ }
    return keys;
  }

  function isAnswer(el) {
    if (!el.name) return false;
    if (el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
    return el.tagName === "INPUT" &&
      !/^(button|submit|reset|image|file|hidden|password)$/.test(el.type);
  }
  function answers() {
    return Array.prototype.filter.call(form.elements, isAnswer);
  }

  function valueOf(el) {
    if (el.type === "checkbox") return el.checked ? "1" : "";
    if (el.type === "radio") return el.checked ? el.value : null;
    return el.value;
  }
  // Puts a stored value (or null: nothing stored) back into one control.
  function apply(el, value) {
    if (el.type === "checkbox") el.checked = value === "1";
    else if (el.type === "radio") el.checked = value !== null && el.value === value;
    else el.value = value === null ? "" : value;
  }

  // Print copies of typed answers: print CSS shows them in place of the ruled lines.
  function syncPrint(textarea) {
    var block = textarea.closest(".ws-prompt") || textarea.parentNode;
    var copy = block.querySelector(".ws-print-answer");
    if (!copy) {
      copy = document.createElement("div");
      copy.className = "ws-print-answer";
      copy.setAttribute("aria-hidden", "true");
      textarea.insertAdjacentElement("afterend", copy);
    }
    copy.textContent = textarea.value;
    block.classList.toggle("has-answer", textarea.value.trim() !== "");
  }
  // Brings every prompt's print copy and height up to date.
  function refreshPrompts() {
    Array.prototype.forEach.call(form.querySelectorAll("textarea"), function (t) {
      syncPrint(t);
      grow(t);
    });
  }

  // Browsers without `field-sizing: content` get textareas that grow with their text.
  var sizesItself = window.CSS && CSS.supports && CSS.supports("field-sizing", "content");
  function grow(textarea) {
    if (sizesItself) return;
    textarea.style.height = "auto";
    textarea.style.height = textarea.scrollHeight + 2 + "px";
  }

  function restore() {
    answers().forEach(function (el) { apply(el, load(prefix + el.name)); });
    refreshPrompts();
  }

  function onEdit(event) {
    var el = event.target;
    if (!isAnswer(el)) return;
    var value = valueOf(el);
    if (value !== null) save(prefix + el.name, value);
    if (el.tagName === "TEXTAREA") {
      syncPrint(el);
      grow(el);
    }
    if (status && status.textContent) status.textContent = "";
  }

  form.addEventListener("input", onEdit);
  form.addEventListener("change", onEdit);
  // Chromium offsets the repeated `position: fixed` print footer by the scroll position
  // (it drops off the page), so print from the top and come back afterwards.
  var scrolledTo = null;
  window.addEventListener("beforeprint", function () {
    refreshPrompts();
    scrolledTo = window.scrollY;
    window.scrollTo({ top: 0, left: 0, behavior: "instant" });
  });
  window.addEventListener("afterprint", function () {
    if (scrolledTo !== null) window.scrollTo({ top: scrolledTo, left: 0, behavior: "instant" });
    scrolledTo = null;
  });

  // The same worksheet open in another tab: follow its edits and erasures.
  window.addEventListener("storage", function (event) {
    if (event.key !== null && event.key.indexOf(prefix) !== 0) return;
    if (event.key === null) { restore(); return; }
    var name = event.key.slice(prefix.length);
    answers().forEach(function (el) {
      if (el.name === name) apply(el, event.newValue);
    });
    refreshPrompts();
  });

  var printButton = article.querySelector(".js-print");
  if (printButton && typeof window.print === "function") {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }

  var eraseButton = article.querySelector(".js-erase");
  if (eraseButton) {
    eraseButton.hidden = false;
    eraseButton.addEventListener("click", function () {
      if (!window.confirm(ERASE_QUESTION)) return;
      pageKeys().forEach(forget);
      form.reset();
      refreshPrompts();
      if (status) {
        // Cleared first so that a second erasure is announced again.
        status.textContent = "";
        window.setTimeout(function () { status.textContent = ERASED; }, 100);
      }
    });
  }

  restore();
})();
