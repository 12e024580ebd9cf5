/* What Django's admin leaves without an accessible name (WCAG 1.3.1, 4.1.2), named once the
   admin's own scripts have run.

   - Autocomplete fields (select2) draw a combobox of their own beside the hidden <select>,
     named only by the choice it shows: a blank one has no name at all. Each is named by
     the <label> of its <select> (in a tabular inline, templates/admin/edit_inline/
     tabular.html's hidden "Organisation, row 3"), followed by its choice.
   - Rows added to a tabular inline with "Add another" are cloned from the empty form,
     whose labels say "new row": they are numbered as the rows before them, and numbered
     again when one is removed. The references Django does not renumber with the ids
     (a widget's aria-describedby, and the names above) are pointed at the row's own.
   - The two-list picker (groups, permissions) labels each search box with an icon whose
     aria-label says what to type; a <span> may not carry one (axe's aria-prohibited-attr)
     unless it is an image, which is what the icon is.

   Loaded with `defer` after the admin's jQuery and autocomplete.js, so its handlers run
   after theirs. No inline script: the Content-Security-Policy allows only 'self'. */
"use strict";
{
    const labelFor = (element) =>
        element.id ? document.querySelector(`label[for="${CSS.escape(element.id)}"]`) : null;

    const nameAutocompletes = (root) => {
        root.querySelectorAll("select.admin-autocomplete").forEach((select) => {
            // select2 draws its widget right after the <select>.
            const container = select.nextElementSibling;
            const label = labelFor(select);
            if (!label || !container || !container.classList.contains("select2-container")) {
                return;
            }
            if (!label.id) {
                label.id = `${select.id}-label`;
            }
            const combobox = container.querySelector(".select2-selection[role=combobox]");
            const shown = container.querySelector(".select2-selection__rendered[id]");
            const search = container.querySelector(".select2-search__field");
            if (combobox) {
                // The <select> select2 hides and keeps in step names the choice: unlike the
                // drawn text, without the optional field's "×".
                combobox.setAttribute("aria-labelledby", `${label.id} ${select.id}`);
            }
            if (shown) {
                shown.setAttribute("aria-labelledby", label.id);
            }
            if (search) {
                search.setAttribute("aria-labelledby", label.id);
            }
        });
    };

    const numberRows = (group) => {
        group.querySelectorAll("tr.form-row:not(.empty-form)").forEach((row) => {
            const index = /-(\d+)$/.exec(row.id);
            if (!index) {
                return;
            }
            row.querySelectorAll(".inline-row-name").forEach((name) => {
                name.textContent = `row ${Number(index[1]) + 1}`;
            });
            row.querySelectorAll("[aria-describedby$='_helptext']").forEach((widget) => {
                widget.setAttribute("aria-describedby", `${widget.id}_helptext`);
            });
        });
        // Removing a row renumbers the ids of the rows after it, the labels' included.
        nameAutocompletes(group);
    };

    const numberAllRows = () => {
        document.querySelectorAll(".inline-group[data-inline-type=tabular]").forEach(numberRows);
    };

    // SelectFilter2.js draws the pickers on "load", having asked before this script did.
    window.addEventListener("load", () => {
        document.querySelectorAll(".search-label-icon[aria-label]").forEach((icon) => {
            icon.setAttribute("role", "img");
        });
    });

    const start = () => nameAutocompletes(document);
    if (window.django && window.django.jQuery) {
        window.django.jQuery(start);
    } else {
        document.addEventListener("DOMContentLoaded", start);
    }

    document.addEventListener("formset:added", (event) => {
        numberRows(event.target.closest(".inline-group") || event.target);
    });
    // Django sends "formset:removed" before it renumbers the rows that are left.
    document.addEventListener("formset:removed", () => setTimeout(numberAllRows));
}
