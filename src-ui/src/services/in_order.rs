//! [`InOrder`]: items handled one at a time, in the order they came, by an async handler.
//!
//! A call's signals need it both ways: an offer must be applied before the candidates that
//! follow it, and sent before them too.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::rc::Rc;

pub struct InOrder<T> {
    queue: RefCell<VecDeque<T>>,
    draining: Cell<bool>,
}

impl<T> Default for InOrder<T> {
    fn default() -> Self {
        Self {
            queue: RefCell::new(VecDeque::new()),
            draining: Cell::new(false),
        }
    }
}

impl<T: 'static> InOrder<T> {
    /// Queues `item`; it is handled by the next [`drain`](Self::drain), or by the one running.
    pub fn push(&self, item: T) {
        self.queue.borrow_mut().push_back(item);
    }

    /// The task that hands every queued item to `handle`, one after the other, including items
    /// pushed meanwhile; `None` while such a task runs already. The task must be spawned.
    pub fn drain<F, Fut>(
        self: &Rc<Self>,
        handle: F,
    ) -> Option<impl Future<Output = ()> + use<T, F, Fut>>
    where
        F: Fn(T) -> Fut + 'static,
        Fut: Future<Output = ()>,
    {
        if self.draining.replace(true) {
            return None;
        }
        let this = self.clone();
        Some(async move {
            loop {
                let next = this.queue.borrow_mut().pop_front();
                let Some(item) = next else { break };
                handle(item).await;
            }
            // No await between the empty queue and this: nothing can be pushed unseen.
            this.draining.set(false);
        })
    }

    pub fn is_empty(&self) -> bool {
        self.queue.borrow().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::channel::oneshot;
    use futures::executor::block_on;
    use futures::future::join;

    #[test]
    fn items_pushed_while_one_is_handled_wait_their_turn_and_a_second_drain_is_refused() {
        let queue = Rc::new(InOrder::default());
        let handled = Rc::new(RefCell::new(Vec::new()));
        let (release_first, first_released) = oneshot::channel::<()>();
        let first_released = Rc::new(RefCell::new(Some(first_released)));
        queue.push(1);

        let seen = handled.clone();
        let task = queue
            .drain(move |n: i32| {
                let seen = seen.clone();
                let gate = if n == 1 {
                    first_released.borrow_mut().take()
                } else {
                    None
                };
                async move {
                    seen.borrow_mut().push(format!("start {n}"));
                    if let Some(gate) = gate {
                        let _ = gate.await;
                    }
                    seen.borrow_mut().push(format!("end {n}"));
                }
            })
            .expect("nothing drains yet");
        // `join` polls the drain first: item 1 is being handled, its gate shut, when these come.
        let meanwhile = async {
            assert_eq!(*handled.borrow(), ["start 1"]);
            queue.push(2);
            queue.push(3);
            assert!(
                queue.drain(|_: i32| async {}).is_none(),
                "one drain at a time"
            );
            release_first.send(()).unwrap();
        };
        block_on(join(task, meanwhile));

        assert_eq!(
            *handled.borrow(),
            ["start 1", "end 1", "start 2", "end 2", "start 3", "end 3"]
        );
        assert!(queue.is_empty());
        assert!(
            queue.drain(|_: i32| async {}).is_some(),
            "free again once empty"
        );
    }
}
