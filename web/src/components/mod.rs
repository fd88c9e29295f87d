//! The page's components, one per file. Each takes props and emits callbacks; none holds CORS
//! logic, and none stores derived data. Those without hooks are plain view functions
//! (`verdict_banner(&VerdictBannerProps { … })`) rather than Yew components: the same HTML,
//! without a component's per-type code in the WebAssembly (about 0.7 KB gzipped each).

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
pub mod primer;
pub mod reply_pane;
pub mod request_facts;
pub mod request_form;
pub mod request_paste;
pub mod server_config;
pub mod share_panel;
pub mod timeline;
pub mod verdict_banner;
pub mod warnings_list;

pub use console_panel::{ConsolePanelProps, console_panel};
pub use copy_button::CopyButton;
pub use embed_view::{EmbedViewProps, embed_view};
pub use fix_panel::FixPanel;
pub use gallery::{GalleryProps, gallery};
pub use har_progress::{HarProgressProps, har_progress};
pub use har_table::HarTable;
pub use header_editor::{HeaderEditorProps, header_editor};
pub use header_row::{HeaderRowProps, header_row};
pub use lesson::{LessonProps, lesson};
pub use notice_bar::{NoticeBarProps, notice_bar};
pub use paste_box::PasteBox;
pub use paste_outcome::{PasteOutcomeProps, paste_outcome};
pub use primer::Primer;
pub use reply_pane::ReplyPane;
pub use request_facts::{RequestFactsProps, request_facts};
pub use request_form::{RequestFormProps, request_form};
pub use request_paste::RequestPaste;
pub use server_config::ServerConfig;
pub use share_panel::{SharePanelProps, share_panel};
pub use timeline::{TimelineProps, timeline};
pub use verdict_banner::{VerdictBannerProps, verdict_banner};
pub use warnings_list::{WarningsListProps, warnings_list};
