//! Readers and writers of board files: JSON, CSV, Jira CSV, Trello, Markdown; and the demo board.
