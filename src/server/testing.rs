//! `FakeSource`: an in-memory source for tests of the service, its stages and the
//! caches, without AWS or the emulator. Answers are given per read (`answer`,
//! `answers` for successive ones, `fail`); every read is counted; a read with no
//! answer is `NotFound`. Generic over `Read`, like the layers it stands under: a new
//! read needs nothing here.

use std::any::Any;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use async_trait::async_trait;

use super::source::{AwsError, AwsTarget, Fetch, Read};

type Answer = Result<Box<dyn Any + Send + Sync>, AwsError>;

/// Reads by kind and id: `(R::KIND, read.id())`.
type ReadKey = (&'static str, String);

#[derive(Default)]
pub struct FakeSource {
    /// Successive answers per read; the last one repeats.
    answers: Mutex<HashMap<ReadKey, VecDeque<Answer>>>,
    /// How long reads of a kind take.
    delays: Mutex<HashMap<&'static str, Duration>>,
    calls: Mutex<Vec<ReadKey>>,
}

impl FakeSource {
    pub fn new() -> Self {
        FakeSource::default()
    }

    /// Answers `read` with `output` from now on.
    pub fn answer<R: Read>(&self, read: R, output: R::Output) -> &Self {
        self.answers::<R>(read, vec![Ok(output)])
    }

    /// Answers `read` with these, one per call; the last one repeats.
    pub fn answers<R: Read>(&self, read: R, outputs: Vec<Result<R::Output, AwsError>>) -> &Self {
        let queue = outputs
            .into_iter()
            .map(|o| o.map(|v| Box::new(v) as Box<dyn Any + Send + Sync>))
            .collect();
        self.answers
            .lock()
            .unwrap()
            .insert((R::KIND, read.id()), queue);
        self
    }

    /// Fails `read` with `error` from now on.
    pub fn fail<R: Read>(&self, read: R, error: AwsError) -> &Self {
        self.answers
            .lock()
            .unwrap()
            .insert((R::KIND, read.id()), VecDeque::from([Err(error)]));
        self
    }

    /// Reads of this kind take `delay`.
    pub fn delay(&self, kind: &'static str, delay: Duration) -> &Self {
        self.delays.lock().unwrap().insert(kind, delay);
        self
    }

    /// How many reads of this kind were made.
    pub fn calls(&self, kind: &str) -> usize {
        self.calls
            .lock()
            .unwrap()
            .iter()
            .filter(|(k, _)| *k == kind)
            .count()
    }

    /// How many reads were made in all.
    pub fn total_calls(&self) -> usize {
        self.calls.lock().unwrap().len()
    }
}

#[async_trait]
impl<R: Read> Fetch<R> for FakeSource {
    async fn fetch(&self, _: &AwsTarget, read: &R) -> Result<R::Output, AwsError> {
        let key = (R::KIND, read.id());
        self.calls.lock().unwrap().push(key.clone());
        let delay = self.delays.lock().unwrap().get(R::KIND).copied();
        if let Some(delay) = delay {
            tokio::time::sleep(delay).await;
        }
        let mut answers = self.answers.lock().unwrap();
        let Some(queue) = answers.get_mut(&key) else {
            return Err(AwsError::NotFound(format!("{} {}", R::KIND, read.id())));
        };
        let answer = if queue.len() > 1 {
            queue.pop_front().expect("not empty")
        } else {
            match queue.front().expect("answers are never empty") {
                Ok(v) => Ok(clone_any::<R>(v.as_ref())),
                Err(e) => Err(e.clone()),
            }
        };
        answer.map(|v| {
            *v.downcast::<R::Output>()
                .expect("an answer of the read's own output type")
        })
    }
}

fn clone_any<R: Read>(v: &(dyn Any + Send + Sync)) -> Box<dyn Any + Send + Sync> {
    Box::new(
        v.downcast_ref::<R::Output>()
            .expect("an answer of the read's own output type")
            .clone(),
    )
}
