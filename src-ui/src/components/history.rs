//! A match's call history as a table: date, duration, outcome, who called.

use crate::vm::history::HistoryView;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HistoryTableProps {
    pub view: HistoryView,
    pub peer: AttrValue,
}

#[component]
pub fn HistoryTable(props: &HistoryTableProps) -> Html {
    let view = &props.view;
    html! {
        <section class="history" aria-labelledby="history-title">
            <h2 id="history-title">{ format!("Calls with {}", props.peer) }</h2>
            <p class="counter" data-testid="history-summary">{ view.summary.clone() }</p>
            if view.rows.is_empty() {
                <p class="empty">{ "No calls yet." }</p>
            } else {
                <table>
                    <caption class="visually-hidden">{ format!("Every call with {}, newest first", props.peer) }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Date" }</th>
                            <th scope="col">{ "Duration" }</th>
                            <th scope="col">{ "Outcome" }</th>
                            <th scope="col">{ "Who called" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        for row in view.rows.iter() {
                            <tr class={row.outcome.to_lowercase()}>
                                <td>{ row.date.clone() }</td>
                                <td>{ row.duration.clone() }</td>
                                <td>{ row.outcome }</td>
                                <td>{ row.who.clone() }</td>
                            </tr>
                        }
                    </tbody>
                </table>
            }
        </section>
    }
}
