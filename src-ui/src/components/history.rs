//! A match's call history as a table: its calls and call requests, newest first: date, what,
//! details (a call's length, a request's agreed time), outcome, who.

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
                    <caption class="visually-hidden">
                        { format!("Every call and call request with {}, newest first", props.peer) }
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Date" }</th>
                            <th scope="col">{ "What" }</th>
                            <th scope="col">{ "Details" }</th>
                            <th scope="col">{ "Outcome" }</th>
                            <th scope="col">{ "Who" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        for row in view.rows.iter() {
                            <tr class={row.class()} data-kind={row.kind.key()} data-testid="history-row">
                                <td>{ row.date.clone() }</td>
                                <td>{ row.kind.label() }</td>
                                <td>{ row.duration.clone() }</td>
                                <td class="outcome">{ row.outcome }</td>
                                <td>{ row.who.clone() }</td>
                            </tr>
                        }
                    </tbody>
                </table>
            }
        </section>
    }
}
