// "Listen": reads a card aloud with the browser's Vietnamese voice, for people who read with
// difficulty. Without JavaScript or speech synthesis the buttons stay hidden.
(function () {
  if (!("speechSynthesis" in window)) return;
  document.querySelectorAll("[data-listen]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var target = document.getElementById(button.getAttribute("data-listen"));
      if (!target) return;
      window.speechSynthesis.cancel();
      var speech = new SpeechSynthesisUtterance(target.innerText);
      speech.lang = document.documentElement.lang === "en" ? "en-US" : "vi-VN";
      window.speechSynthesis.speak(speech);
    });
  });
})();
