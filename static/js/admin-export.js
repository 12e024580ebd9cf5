// django-import-export's export page wires its "Select all" checkbox with an inline
// onchange handler, which the Content-Security-Policy (script-src 'self') refuses to run:
// wire the package's own handler from this file instead.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
    const toggle = document.getElementById("select-all-toggle");
    if (toggle && typeof window.onSelectToggleChange === "function") {
        toggle.addEventListener("change", window.onSelectToggleChange);
    }
});
