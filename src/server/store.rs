//! `Store`: the one bounded, in-memory cache of the server. AWS records
//! (`cache::CachedSource`), whole documents (`documents::DocumentCache`) and
//! definition texts live in it side by side, under one byte ceiling (`--cache-mb`)
//! and one entry ceiling (`--cache-entries`).
//!
//! Every entry has a weight, its approximate size in memory, and the store keeps the
//! sum under the byte ceiling (moka evicts what is least likely to be used again).
//! The entry ceiling is enforced through the same sum: each entry weighs at least
//! `max_bytes / max_entries`, so the store can never hold more than `max_entries`.
//! How long an entry may be reused is its `Lifetime`, decided per entry when it is
//! stored. Values are stored type-erased, so a new kind of record needs no change
//! here: it names its kind and says how much it weighs (`Weigh`).

use std::any::{Any, TypeId};
use std::future::Future;
use std::hash::Hash;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use moka::future::Cache;
use serde::Serialize;

use super::defaults;
use super::source::AwsTarget;

#[derive(Debug, Clone)]
pub struct CacheSettings {
    /// How long changing records (buckets, lists, definitions, reports, approvals)
    /// and documents of finished executions are reused.
    pub ttl: Duration,
    /// Documents that may change soon (running executions, "latest", partial
    /// answers) are reused at most this long.
    pub live_ttl: Duration,
    /// The most entries the store holds (records and documents together).
    pub max_entries: u64,
    /// The most bytes the store's entries may take, by their estimated size.
    pub max_bytes: u64,
}

impl Default for CacheSettings {
    fn default() -> Self {
        CacheSettings {
            ttl: Duration::from_secs(defaults::CACHE_TTL_SECS),
            live_ttl: Duration::from_secs(defaults::LIVE_TTL_SECS),
            max_entries: defaults::CACHE_ENTRIES,
            max_bytes: defaults::CACHE_MB << 20,
        }
    }
}

/// How long an entry may be reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifetime {
    /// Until evicted: it cannot change (a finished job, an execution's definition).
    Kept,
    /// For `--cache-ttl`: it may change, rarely.
    Changing,
    /// For `--live-ttl`: it changes while you look (a running execution, "latest").
    Live,
    /// Not reused: only readers already waiting for the same load share it.
    Once,
}

/// Which entry: a kind of value, the account view it was read in, and an id within
/// the kind (an ARN, a bucket, a query).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    kind: &'static str,
    target: Option<AwsTarget>,
    id: Box<str>,
}

impl Key {
    pub fn new(kind: &'static str, target: Option<&AwsTarget>, id: impl Into<Box<str>>) -> Self {
        Key {
            kind,
            target: target.cloned(),
            id: id.into(),
        }
    }

    fn weight(&self) -> usize {
        let target = self.target.as_ref().map_or(0, |t| {
            t.region.len() + t.profile.as_ref().map_or(0, String::len)
        });
        64 + self.id.len() + target
    }
}

/// The approximate number of bytes a value takes in memory, counted when it is
/// stored.
pub trait Weigh {
    fn weight(&self) -> usize;
}

/// The size of a value's JSON form: close to the heap size of records made of
/// strings, maps and vectors, which is what every AWS record is.
pub fn json_weight<T: Serialize + ?Sized>(value: &T) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    let _ = serde_json::to_writer(&mut count, value);
    count.0
}

#[derive(Clone)]
struct Entry {
    value: Arc<dyn Any + Send + Sync>,
    lifetime: Lifetime,
    weight: u32,
}

/// A key with the type of its value: two kinds can never mix up their values.
type Slot = (Key, TypeId);

struct Expiry {
    ttl: Duration,
    live_ttl: Duration,
}

impl moka::Expiry<Slot, Entry> for Expiry {
    fn expire_after_create(&self, _: &Slot, entry: &Entry, _: Instant) -> Option<Duration> {
        match entry.lifetime {
            Lifetime::Kept => None,
            Lifetime::Changing => Some(self.ttl),
            Lifetime::Live => Some(self.live_ttl),
            Lifetime::Once => Some(Duration::ZERO),
        }
    }
}

/// The bounded cache shared by the record cache and the document cache.
pub struct Store {
    cache: Cache<Slot, Entry>,
    /// The least weight of an entry: what makes the byte ceiling an entry ceiling too.
    floor: u64,
}

impl Store {
    pub fn new(settings: &CacheSettings) -> Arc<Self> {
        let max_bytes = settings.max_bytes.max(1);
        let floor = (max_bytes / settings.max_entries.max(1)).max(1);
        Arc::new(Store {
            cache: Cache::builder()
                .max_capacity(max_bytes)
                .weigher(move |(key, _): &Slot, entry: &Entry| {
                    let weight = (key.weight() as u64).saturating_add(u64::from(entry.weight));
                    u32::try_from(weight.max(floor)).unwrap_or(u32::MAX)
                })
                .expire_after(Expiry {
                    ttl: settings.ttl,
                    live_ttl: settings.live_ttl,
                })
                .build(),
            floor,
        })
    }

    /// The value under `key`, if present and of type `V`.
    pub async fn get<V: Clone + Send + Sync + 'static>(&self, key: &Key) -> Option<V> {
        let entry = self.cache.get(&slot::<V>(key.clone())).await?;
        entry.value.downcast_ref::<V>().cloned()
    }

    pub async fn insert<V: Weigh + Send + Sync + 'static>(
        &self,
        key: Key,
        value: V,
        lifetime: Lifetime,
    ) {
        self.cache
            .insert(slot::<V>(key), entry(value, lifetime))
            .await;
    }

    /// Forgets the value of type `V` under `key`.
    pub async fn invalidate<V: 'static>(&self, key: &Key) {
        self.cache.invalidate(&slot::<V>(key.clone())).await;
    }

    /// The value under `key`, loaded by `load` unless a reusable one is stored.
    /// Concurrent reads of one key share one load; the loaded value is kept for its
    /// `lifetime`, and errors are not kept. The flag says whether the value was
    /// found (or another reader's load was shared) rather than loaded here.
    pub async fn through<V, E, Fut>(
        &self,
        key: Key,
        lifetime: impl Fn(&V) -> Lifetime,
        load: Fut,
    ) -> (Result<V, E>, bool)
    where
        V: Weigh + Clone + Send + Sync + 'static,
        E: Clone + Send + Sync + 'static,
        Fut: Future<Output = Result<V, E>>,
    {
        if let Some(v) = self.get::<V>(&key).await {
            return (Ok(v), true);
        }
        let loaded = AtomicBool::new(false);
        // On the heap: moka passes the loading future down several calls by value,
        // and a whole document's computation is large enough to overflow a worker
        // thread's stack when moved that often (in unoptimised builds).
        let load = Box::pin(load);
        let result = self
            .cache
            .try_get_with(slot::<V>(key), async {
                loaded.store(true, Ordering::Relaxed);
                load.await.map(|v| {
                    let life = lifetime(&v);
                    entry(v, life)
                })
            })
            .await;
        let hit = !loaded.load(Ordering::Relaxed);
        let value = match result {
            Ok(entry) => Ok(entry
                .value
                .downcast_ref::<V>()
                .expect("a slot holds values of the type it names")
                .clone()),
            Err(e) => Err((*e).clone()),
        };
        (value, hit)
    }

    /// Estimated bytes held now (after pending evictions are applied).
    pub async fn weighted_size(&self) -> u64 {
        self.cache.run_pending_tasks().await;
        self.cache.weighted_size()
    }

    /// Entries held now (after pending evictions are applied).
    pub async fn entry_count(&self) -> u64 {
        self.cache.run_pending_tasks().await;
        self.cache.entry_count()
    }

    /// The least weight any entry counts for.
    pub fn entry_floor(&self) -> u64 {
        self.floor
    }
}

fn slot<V: 'static>(key: Key) -> Slot {
    (key, TypeId::of::<V>())
}

fn entry<V: Weigh + Send + Sync + 'static>(value: V, lifetime: Lifetime) -> Entry {
    Entry {
        weight: u32::try_from(value.weight()).unwrap_or(u32::MAX),
        value: Arc::new(value),
        lifetime,
    }
}

impl Weigh for Arc<str> {
    fn weight(&self) -> usize {
        self.len()
    }
}

impl Weigh for Vec<u8> {
    fn weight(&self) -> usize {
        self.capacity()
    }
}

impl Weigh for u64 {
    fn weight(&self) -> usize {
        8
    }
}

#[cfg(test)]
mod tests;
