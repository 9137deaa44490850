//! The OpenLineage outbox (`--openlineage-url`): events queued once by the crawler,
//! sent in the order queued, marked sent when the receiver took them.

use sqlx::Row;

use super::{IndexDb, Result};

/// An OpenLineage event in the outbox: its identity and its JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEvent {
    pub run_id: String,
    pub event_type: String,
    pub event_time: String,
    pub payload: String,
}

impl IndexDb {
    /// Queues a document's events (in time order) after everything queued before;
    /// an event queued already is left as it is (sent or not).
    pub async fn enqueue_events(
        &self,
        region: &str,
        events: &[OutboxEvent],
        now_ms: i64,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        for (i, e) in events.iter().enumerate() {
            sqlx::query(
                "INSERT INTO openlineage_outbox (region, run_id, event_type, event_time, queued_at, ord, payload) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
            )
            .bind(region)
            .bind(&e.run_id)
            .bind(&e.event_type)
            .bind(&e.event_time)
            .bind(now_ms)
            .bind(i as i64)
            .bind(&e.payload)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The first `limit` events of the region not sent yet, in the order queued.
    pub async fn pending_events(&self, region: &str, limit: i64) -> Result<Vec<OutboxEvent>> {
        let rows = sqlx::query(
            "SELECT run_id, event_type, event_time, payload FROM openlineage_outbox \
             WHERE region = $1 AND sent_at IS NULL ORDER BY queued_at, ord LIMIT $2",
        )
        .bind(region)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(OutboxEvent {
                    run_id: r.try_get(0)?,
                    event_type: r.try_get(1)?,
                    event_time: r.try_get(2)?,
                    payload: r.try_get(3)?,
                })
            })
            .collect()
    }

    pub async fn mark_sent(&self, e: &OutboxEvent, now_ms: i64) -> Result<()> {
        sqlx::query(
            "UPDATE openlineage_outbox SET sent_at = $4 \
             WHERE run_id = $1 AND event_type = $2 AND event_time = $3",
        )
        .bind(&e.run_id)
        .bind(&e.event_type)
        .bind(&e.event_time)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The regions with events not sent yet.
    pub async fn outbox_regions(&self) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT DISTINCT region FROM openlineage_outbox WHERE sent_at IS NULL ORDER BY region",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
    }

    /// Events queued and sent in the region.
    pub async fn outbox_counts(&self, region: &str) -> Result<(i64, i64)> {
        let r = sqlx::query(
            "SELECT COUNT(*), COUNT(sent_at) FROM openlineage_outbox WHERE region = $1",
        )
        .bind(region)
        .fetch_one(&self.pool)
        .await?;
        Ok((r.try_get(0)?, r.try_get(1)?))
    }
}
