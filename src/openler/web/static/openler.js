// Small enhancements; every page works without this script.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to a form's error message so screen-reader and keyboard users hear it first.
  const error = document.querySelector("[role=alert]");
  if (error) {
    error.setAttribute("tabindex", "-1");
    error.focus();
  }
});
