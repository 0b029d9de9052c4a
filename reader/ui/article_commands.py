"""The article screen's and the text view's commands, declared apart from those widgets.

``newsdesk`` checks at startup, before Textual starts, that no label key is already an
article-screen key (``reader.ui.keymap.check_label_keys``). These tuples are all that
check needs; importing the article screen and view for them cost ~5 ms of every start,
although the library is what is shown first. ``ArticleScreen.ACTIONS`` is
``ARTICLE_COMMANDS`` and ``ArticleView.ACTIONS`` is ``VIEW_COMMANDS``.
"""

from __future__ import annotations

from reader.ui.commands import Command

ARTICLE_COMMANDS = (
    Command(
        "article.back", "escape,q", "back", "Back", "Back to the library (Esc clears a selection first)", show=False
    ),
    Command(
        "article.tag_pick", "t", "pick_label", "Tag…", "Tag the selection with a label chosen by name", show=False
    ),
    Command(
        "article.repeat", "full_stop", "repeat_label", "Repeat", "Tag the selection with the last label", show=False
    ),
    Command("article.tag_all", "A", "tag_all", "Tag all", "Tag every occurrence of the selected text", show=False),
    Command("article.undo", "u", "undo", "Undo", "Undo your own last change in this article"),
    Command("article.redo", "ctrl+r", "redo", "Redo", "Redo your own last undone change", show=False),
    Command("article.delete", "x", "delete_span", "Delete", "Delete the span under the cursor"),
    Command(
        "article.relabel",
        "c",
        "change_label",
        "Relabel",
        "Change the label of the span under the cursor",
        show=False,
    ),
    Command("article.note", "a", "edit_note", "Note", "Add or edit the note of the span under the cursor"),
    Command(
        "article.flag_span", "F", "flag_span", "Flag span", "Flag the span under the cursor for review", show=False
    ),
    Command(
        "article.adjust",
        "r",
        "adjust_span",
        "Adjust",
        "Load the span's bounds into the selection; change them with motions or [ ] < >, then Enter",
        show=False,
    ),
    Command("article.apply", "enter", "apply_adjust", "Apply", "Save adjusted bounds", show=False),
    Command("article.done", "d", "toggle_done", "Done", "Mark the article done (pressed again: no longer done)"),
    Command(
        "article.flag",
        "exclamation_mark",
        "toggle_flagged",
        "Flag article",
        "Flag the article (pressed again: unflag it)",
        show=False,
    ),
    Command(
        "article.next_unread",
        "n",
        "next_article('unread')",
        "Next unread",
        "Next search match after '/', else open the next unread article",
        show=False,
    ),
    Command(
        "article.next_todo",
        "N",
        "next_article('todo')",
        "Next to do",
        "Previous search match after '/', else open the next article not done",
        show=False,
    ),
    Command(
        "article.search",
        "slash",
        "start_search",
        "Search",
        "Search the text as you type (Enter keeps the cursor there, Esc goes back; then n/N)",
        priority=True,
    ),
    Command("article.open_url", "o", "open_url", "Open URL", "Open the article's URL in a browser", show=False),
    Command(
        "article.toggle_panel",
        "P",
        "toggle_panel",
        "Panel",
        "Show or hide the side panel: entity types, entities, spans (hidden below 100 columns)",
        show=False,
    ),
    Command(
        "article.panel",
        "tab",
        "focus_next",
        "Panels",
        "Move focus: text, entity types, entities, spans",
        show=False,
    ),
)

VIEW_COMMANDS = (
    Command("view.left", "h,left", "cursor_left", "Left", "Cursor one character left", show=False),
    Command("view.right", "l,right", "cursor_right", "Right", "Cursor one character right", show=False),
    Command("view.down", "j,down", "cursor_down", "Down", "Cursor one line down", show=False),
    Command("view.up", "k,up", "cursor_up", "Up", "Cursor one line up", show=False),
    Command("view.word_next", "w", "word_next", "Word", "Next word (vim w)", show=False),
    Command("view.word_prev", "b", "word_prev", "Back word", "Previous word (vim b)", show=False),
    Command("view.word_end", "e", "word_end", "Word end", "End of word (vim e)", show=False),
    Command("view.sentence_next", ")", "sentence_next", "Next sentence", "Start of the next sentence", show=False),
    Command(
        "view.sentence_prev", "(", "sentence_prev", "Prev sentence", "Start of this/previous sentence", show=False
    ),
    Command("view.para_next", "}", "paragraph_next", "Next paragraph", "Start of the next paragraph", show=False),
    Command(
        "view.para_prev", "{", "paragraph_prev", "Prev paragraph", "Start of this/previous paragraph", show=False
    ),
    Command("view.line_start", "0,home", "line_start", "Line start", "Start of the screen line", show=False),
    Command("view.line_end", "dollar_sign,end", "line_end", "Line end", "End of the screen line", show=False),
    Command("view.top", "g,ctrl+home", "text_start", "Top", "Start of the text", show=False),
    Command("view.bottom", "G,ctrl+end", "text_end", "Bottom", "End of the text", show=False),
    Command("view.page_down", "pagedown,ctrl+f,space", "page_down", "Page down", "Scroll a page down", show=False),
    Command("view.page_up", "pageup,ctrl+b", "page_up", "Page up", "Scroll a page up", show=False),
    Command(
        "view.extend_left", "shift+left,H", "extend('left')", "Extend left", "Extend selection left", show=False
    ),
    Command(
        "view.extend_right",
        "shift+right,L",
        "extend('right')",
        "Extend right",
        "Extend selection right",
        show=False,
    ),
    Command(
        "view.extend_down",
        "shift+down,J",
        "extend('down')",
        "Extend down",
        "Extend selection a line down",
        show=False,
    ),
    Command("view.extend_up", "shift+up,K", "extend('up')", "Extend up", "Extend selection a line up", show=False),
    Command(
        "view.extend_word",
        "W,ctrl+shift+right",
        "extend('word')",
        "Extend word",
        "Extend selection to the next word",
        show=False,
    ),
    Command(
        "view.extend_word_back",
        "B,ctrl+shift+left",
        "extend('word_back')",
        "Extend word back",
        "Extend selection to the previous word",
        show=False,
    ),
    Command("view.visual", "v", "toggle_visual", "Select", "Start/stop a selection that motions extend"),
    Command("view.sentence", "s", "select_sentence", "Sentence", "Select the sentence under the cursor"),
    Command(
        "view.paragraph", "p", "select_paragraph", "Paragraph", "Select the paragraph under the cursor", show=False
    ),
    Command(
        "view.grow_end",
        "greater_than_sign",
        "edge('end', 1)",
        "Grow end",
        "Move the selection's end one word right",
        show=False,
    ),
    Command(
        "view.shrink_end",
        "less_than_sign",
        "edge('end', -1)",
        "Shrink end",
        "Move the selection's end one word left",
        show=False,
    ),
    Command(
        "view.grow_start",
        "left_square_bracket",
        "edge('start', -1)",
        "Grow start",
        "Move the selection's start one word left",
        show=False,
    ),
    Command(
        "view.shrink_start",
        "right_square_bracket",
        "edge('start', 1)",
        "Shrink start",
        "Move the selection's start one word right",
        show=False,
    ),
)
