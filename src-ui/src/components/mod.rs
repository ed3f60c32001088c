//! Function components, one per file; each lays out a view model.

pub mod ask_dialog;
pub mod availability_settings;
pub mod call_button;
pub mod call_screen;
pub mod confirm_dialog;
pub mod decision;
pub mod field;
pub mod focus;
pub mod header;
pub mod history;
pub mod incoming_call;
pub mod loading;
pub mod match_card;
pub mod match_menu;
pub mod report_dialog;
pub mod request_panel;
pub mod status_bar;
pub mod toasts;
