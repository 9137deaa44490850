use super::*;
use std::sync::atomic::AtomicUsize;

#[derive(Clone)]
struct Blob(usize);

impl Weigh for Blob {
    fn weight(&self) -> usize {
        self.0
    }
}

fn store(max_bytes: u64, max_entries: u64) -> Arc<Store> {
    Store::new(&CacheSettings {
        max_bytes,
        max_entries,
        ..CacheSettings::default()
    })
}

async fn put(store: &Store, i: usize, size: usize) {
    let (r, _) = store
        .through(
            Key::new("blob", None, i.to_string()),
            |_| Lifetime::Kept,
            async { Ok::<_, ()>(Blob(size)) },
        )
        .await;
    assert!(r.is_ok());
}

#[tokio::test]
async fn the_byte_ceiling_holds() {
    let store = store(1 << 20, 1_000_000);
    // 50 MB offered to a 1 MB store.
    for i in 0..5_000 {
        put(&store, i, 10_000).await;
    }
    let held = store.weighted_size().await;
    assert!(held <= 1 << 20, "{held} bytes held");
    assert!(held > 512 << 10, "the store is used ({held} bytes)");
}

#[tokio::test]
async fn the_entry_ceiling_holds_for_small_entries() {
    let store = store(1 << 30, 100);
    for i in 0..2_000 {
        put(&store, i, 10).await;
    }
    let n = store.entry_count().await;
    assert!(n <= 100, "{n} entries");
    assert!(n >= 50, "{n} entries");
}

#[tokio::test]
async fn concurrent_loads_are_shared_and_once_is_not_kept() {
    let store = store(1 << 20, 1000);
    let loads = AtomicUsize::new(0);
    let load = |life: Lifetime| {
        let key = Key::new("k", None, format!("{life:?}"));
        let store = store.clone();
        let loads = &loads;
        async move {
            store
                .through(key, move |_| life, async {
                    loads.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(30)).await;
                    Ok::<_, ()>(Blob(1))
                })
                .await
        }
    };
    let all = futures::future::join_all((0..5).map(|_| load(Lifetime::Once))).await;
    assert_eq!(loads.load(Ordering::SeqCst), 1, "shared while in flight");
    assert_eq!(all.iter().filter(|(_, hit)| !hit).count(), 1);
    let (_, hit) = load(Lifetime::Once).await;
    assert!(!hit);
    assert_eq!(loads.load(Ordering::SeqCst), 2, "not kept afterwards");
    let (_, hit) = load(Lifetime::Kept).await;
    assert!(!hit);
    let (_, hit) = load(Lifetime::Kept).await;
    assert!(hit);
    assert_eq!(loads.load(Ordering::SeqCst), 3, "kept");
}

#[tokio::test]
async fn one_key_holds_one_type_and_errors_are_not_kept() {
    let store = store(1 << 20, 1000);
    let key = Key::new("k", None, "x");
    store.insert(key.clone(), 7u64, Lifetime::Kept).await;
    assert_eq!(store.get::<u64>(&key).await, Some(7));
    assert!(store.get::<Vec<u8>>(&key).await.is_none());
    let (r, _) = store
        .through(key.clone(), |_| Lifetime::Kept, async {
            Err::<Vec<u8>, _>("no")
        })
        .await;
    assert_eq!(r, Err("no"));
    let (r, hit) = store
        .through(key, |_| Lifetime::Kept, async { Ok::<_, &str>(vec![1u8]) })
        .await;
    assert_eq!((r, hit), (Ok(vec![1u8]), false));
}
