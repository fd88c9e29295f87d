//! The page's components, one per file. Each takes props and emits callbacks; none holds CORS
//! logic, and none stores derived data.

pub mod console_panel;
pub mod copy_button;
pub mod embed_view;
pub mod fix_panel;
pub mod gallery;
pub mod har_progress;
pub mod har_table;
pub mod header_editor;
pub mod header_row;
pub mod lesson;
pub mod notice_bar;
pub mod paste_box;
pub mod paste_outcome;
pub mod reply_pane;
pub mod request_facts;
pub mod request_form;
pub mod request_paste;
pub mod share_panel;
pub mod timeline;
pub mod verdict_banner;
pub mod warnings_list;

pub use console_panel::ConsolePanel;
pub use copy_button::CopyButton;
pub use embed_view::EmbedView;
pub use fix_panel::FixPanel;
pub use gallery::Gallery;
pub use har_progress::HarProgress;
pub use har_table::HarTable;
pub use header_editor::HeaderEditor;
pub use header_row::HeaderRowView;
pub use lesson::Lesson;
pub use notice_bar::NoticeBar;
pub use paste_box::PasteBox;
pub use paste_outcome::PasteOutcome;
pub use reply_pane::ReplyPane;
pub use request_facts::RequestFacts;
pub use request_form::RequestForm;
pub use request_paste::RequestPaste;
pub use share_panel::SharePanel;
pub use timeline::Timeline;
pub use verdict_banner::VerdictBanner;
pub use warnings_list::WarningsList;
