//! Listing stored charts, newest first, a page at a time.
//!
//! S3 lists keys in byte order, and within a month prefix that orders chart keys by symbol,
//! interval and only then time. Newest first therefore works month by month, from the newest
//! month prefix back: each month's keys are listed in full, filtered, and sorted by time (then
//! key) in memory. What one page costs:
//!
//! - one delimiter listing of `charts/` for the years, and one per year in range for months;
//! - one `ListObjectsV2` call per 1,000 keys of each month the page reaches, with the keys kept
//!   in memory (a `symbol` filter narrows each month's listing to that symbol's keys, and
//!   `symbol` with `interval` to that pair);
//! - one HEAD per returned chart, because a listing does not return user metadata.
//!
//! The cursor is the last returned key, so the next page starts right after it in the same
//! order, and pages stay stable while newer charts arrive.

use std::cmp::Ordering;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use futures_util::{StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};

use super::error::{ListError, StorageError};
use super::key::{ChartKey, KEY_PREFIX, KeyInterval, KeySymbol, month_prefix};
use super::s3_failure::classify;
use super::store::{ChartStore, StoredChart};

/// Charts per page when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 20;
/// The largest `limit`.
pub const MAX_LIMIT: usize = 100;

/// HEAD requests in flight at once while a page reads its charts' metadata.
const CONCURRENT_HEADS: usize = 8;

const CURSOR_VERSION: &str = "v1.";

/// The query of `GET /api/v1/storage/s3` as sent. Every parameter is optional, and an empty
/// value counts as absent.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// Only this symbol, with or without its exchange prefix.
    pub symbol: Option<String>,
    /// Only this interval, such as `4h`.
    pub interval: Option<String>,
    /// Only charts at or after this time: RFC 3339, or a date for the start of that UTC day.
    pub from: Option<String>,
    /// Only charts at or before this time: RFC 3339, or a date for the end of that UTC day.
    pub to: Option<String>,
    /// Charts per page, 1 to 100, default 20.
    pub limit: Option<String>,
    /// The `nextCursor` of the previous page.
    pub cursor: Option<String>,
}

/// A validated listing query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    symbol: Option<KeySymbol>,
    interval: Option<KeyInterval>,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    limit: usize,
    after: Option<ChartKey>,
}

/// One page of a listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChartPage {
    pub charts: Vec<StoredChart>,
    pub count: usize,
    /// Pass as `cursor` to get the next page; `null` on the last page. The next page can be
    /// empty when the charts ran out exactly at this page's end.
    pub next_cursor: Option<String>,
}

impl ListQuery {
    /// Validates the parameters; an error names the parameter.
    pub fn parse(params: ListParams) -> Result<Self, ListError> {
        let present = |value: Option<String>| value.filter(|text| !text.trim().is_empty());

        let symbol = present(params.symbol)
            .map(|text| {
                KeySymbol::from_symbol(&text).ok_or_else(|| {
                    ListError::new("symbol", "must contain an ASCII letter or digit")
                })
            })
            .transpose()?;
        let interval = present(params.interval)
            .map(|text| {
                KeyInterval::from_interval(&text).ok_or_else(|| {
                    ListError::new("interval", "must contain an ASCII letter or digit")
                })
            })
            .transpose()?;
        let from = present(params.from)
            .map(|text| parse_bound("from", &text, NaiveTime::MIN))
            .transpose()?;
        let end_of_day = NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN);
        let to = present(params.to)
            .map(|text| parse_bound("to", &text, end_of_day))
            .transpose()?;
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Err(ListError::new("from", "must not be later than to"));
        }
        let limit = present(params.limit)
            .map(|text| parse_limit(&text))
            .transpose()?
            .unwrap_or(DEFAULT_LIMIT);
        let after = present(params.cursor)
            .map(|text| decode_cursor(&text))
            .transpose()?;

        Ok(ListQuery {
            symbol,
            interval,
            from,
            to,
            limit,
            after,
        })
    }

    fn matches(&self, key: &ChartKey) -> bool {
        let parts = key.parts();
        if self
            .symbol
            .as_ref()
            .is_some_and(|symbol| symbol.as_str() != parts.symbol)
        {
            return false;
        }
        if self
            .interval
            .as_ref()
            .is_some_and(|interval| interval.as_str() != parts.interval)
        {
            return false;
        }
        if self.from.is_some_and(|from| parts.time < from)
            || self.to.is_some_and(|to| parts.time > to)
        {
            return false;
        }
        self.after
            .as_ref()
            .is_none_or(|after| newest_first(after, key) == Ordering::Less)
    }

    /// Returns the latest time a page can reach: `to`, or the cursor's time if earlier.
    fn upper_bound(&self) -> Option<DateTime<Utc>> {
        let cursor_time = self.after.as_ref().map(|key| key.parts().time);
        match (self.to, cursor_time) {
            (Some(to), Some(cursor)) => Some(to.min(cursor)),
            (to, cursor) => to.or(cursor),
        }
    }

    /// Returns the key prefix listed in one month: the month, narrowed by symbol and interval.
    fn prefix(&self, year: i32, month: u32) -> String {
        let mut prefix = month_prefix(year, month);
        if let Some(symbol) = &self.symbol {
            prefix.push_str(symbol.as_str());
            prefix.push('-');
            if let Some(interval) = &self.interval {
                prefix.push_str(interval.as_str());
                prefix.push('-');
            }
        }
        prefix
    }
}

/// Orders keys newest first: by time, later first, then by key, greater first.
fn newest_first(left: &ChartKey, right: &ChartKey) -> Ordering {
    right
        .parts()
        .time
        .cmp(&left.parts().time)
        .then_with(|| right.as_str().cmp(left.as_str()))
}

pub(super) async fn list_page(
    store: &ChartStore,
    query: &ListQuery,
) -> Result<ChartPage, StorageError> {
    let months = months_in_range(store, query.from, query.upper_bound()).await?;

    let mut picked: Vec<ChartKey> = Vec::new();
    let mut more = false;
    for (index, (year, month)) in months.iter().enumerate() {
        let mut keys = chart_keys(store, &query.prefix(*year, *month)).await?;
        keys.retain(|key| query.matches(key));
        keys.sort_by(newest_first);

        let room = query.limit - picked.len();
        if keys.len() > room {
            picked.extend(keys.into_iter().take(room));
            more = true;
            break;
        }
        picked.extend(keys);
        if picked.len() == query.limit {
            more = index + 1 < months.len();
            break;
        }
    }

    let next_cursor = if more {
        picked.last().map(encode_cursor)
    } else {
        None
    };
    let charts: Vec<StoredChart> = futures_util::stream::iter(picked)
        .map(|key| async move { store.head(&key).await })
        .buffered(CONCURRENT_HEADS)
        .try_filter_map(|chart| async move { Ok(chart) })
        .try_collect()
        .await?;

    Ok(ChartPage {
        count: charts.len(),
        charts,
        next_cursor,
    })
}

/// Returns the `(year, month)` prefixes that exist between the bounds, newest first.
async fn months_in_range(
    store: &ChartStore,
    lower: Option<DateTime<Utc>>,
    upper: Option<DateTime<Utc>>,
) -> Result<Vec<(i32, u32)>, StorageError> {
    let lower = lower.map_or((i32::MIN, 0), |time| (time.year(), time.month()));
    let upper = upper.map_or((i32::MAX, 13), |time| (time.year(), time.month()));

    let mut years: Vec<i32> = common_prefixes(store, KEY_PREFIX)
        .await?
        .iter()
        .filter_map(|prefix| last_number(prefix, 4))
        .map(|year| year as i32)
        .filter(|year| (lower.0..=upper.0).contains(year))
        .collect();
    years.sort_unstable_by(|left, right| right.cmp(left));

    let mut months = Vec::new();
    for year in years {
        let mut in_year: Vec<(i32, u32)> =
            common_prefixes(store, &format!("{KEY_PREFIX}{year:04}/"))
                .await?
                .iter()
                .filter_map(|prefix| last_number(prefix, 2))
                .filter(|month| (1..=12).contains(month))
                .map(|month| (year, month))
                .filter(|year_month| (lower..=upper).contains(year_month))
                .collect();
        in_year.sort_unstable_by(|left, right| right.cmp(left));
        months.extend(in_year);
    }
    Ok(months)
}

/// Reads the number in the last segment of a prefix such as `charts/2025/`, if it has exactly
/// `digits` digits.
fn last_number(prefix: &str, digits: usize) -> Option<u32> {
    let segment = prefix.trim_end_matches('/').rsplit('/').next()?;
    if segment.len() != digits || !segment.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    segment.parse().ok()
}

/// Lists the common prefixes one level below `prefix`.
async fn common_prefixes(store: &ChartStore, prefix: &str) -> Result<Vec<String>, StorageError> {
    let mut found = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let output = store
            .client
            .list_objects_v2()
            .bucket(&store.bucket)
            .prefix(prefix)
            .delimiter("/")
            .set_continuation_token(token.take())
            .send()
            .await
            .map_err(|error| classify("ListObjectsV2", &store.bucket, error))?;
        found.extend(
            output
                .common_prefixes()
                .iter()
                .filter_map(|common| common.prefix().map(str::to_owned)),
        );
        match output.next_continuation_token() {
            Some(next) if output.is_truncated() == Some(true) => token = Some(next.to_owned()),
            _ => return Ok(found),
        }
    }
}

/// Lists every key under `prefix` that is a chart key; other objects are skipped.
async fn chart_keys(store: &ChartStore, prefix: &str) -> Result<Vec<ChartKey>, StorageError> {
    let mut keys = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let output = store
            .client
            .list_objects_v2()
            .bucket(&store.bucket)
            .prefix(prefix)
            .set_continuation_token(token.take())
            .send()
            .await
            .map_err(|error| classify("ListObjectsV2", &store.bucket, error))?;
        keys.extend(
            output
                .contents()
                .iter()
                .filter_map(|object| object.key())
                .filter_map(|key| ChartKey::parse(key).ok()),
        );
        match output.next_continuation_token() {
            Some(next) if output.is_truncated() == Some(true) => token = Some(next.to_owned()),
            _ => return Ok(keys),
        }
    }
}

fn encode_cursor(key: &ChartKey) -> String {
    format!("{CURSOR_VERSION}{}", URL_SAFE_NO_PAD.encode(key.as_str()))
}

fn decode_cursor(text: &str) -> Result<ChartKey, ListError> {
    let invalid = || {
        ListError::new(
            "cursor",
            "is not a cursor from this listing; pass nextCursor from the previous page unchanged",
        )
    };
    let encoded = text
        .trim()
        .strip_prefix(CURSOR_VERSION)
        .ok_or_else(invalid)?;
    let bytes = URL_SAFE_NO_PAD.decode(encoded).map_err(|_| invalid())?;
    let key = String::from_utf8(bytes).map_err(|_| invalid())?;
    ChartKey::parse(&key).map_err(|_| invalid())
}

fn parse_limit(text: &str) -> Result<usize, ListError> {
    let limit: usize = text
        .trim()
        .parse()
        .map_err(|_| ListError::new("limit", format!("{text:?} is not a whole number")))?;
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ListError::new(
            "limit",
            format!("must be 1 to {MAX_LIMIT}, got {limit}"),
        ));
    }
    Ok(limit)
}

/// Parses an RFC 3339 time, or a `YYYY-MM-DD` date at `time_of_day` UTC.
fn parse_bound(
    parameter: &'static str,
    text: &str,
    time_of_day: NaiveTime,
) -> Result<DateTime<Utc>, ListError> {
    let text = text.trim();
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Ok(time.with_timezone(&Utc));
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(date.and_time(time_of_day).and_utc());
    }
    Err(ListError::new(
        parameter,
        format!("{text:?} is not an RFC 3339 time or a YYYY-MM-DD date"),
    ))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use proptest::prelude::*;

    use super::*;

    fn params(pairs: &[(&str, &str)]) -> ListParams {
        let query = pairs
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("&");
        serde_urlencoded::from_str(&query).unwrap()
    }

    fn parse(pairs: &[(&str, &str)]) -> Result<ListQuery, ListError> {
        ListQuery::parse(params(pairs))
    }

    fn key(text: &str) -> ChartKey {
        ChartKey::parse(text).unwrap()
    }

    #[test]
    fn parse_defaults() {
        let query = parse(&[]).unwrap();
        assert_eq!(query.limit, DEFAULT_LIMIT);
        assert_eq!(query.symbol, None);
        assert_eq!(query.after, None);
    }

    #[test]
    fn parse_names_each_invalid_parameter() {
        let cases = [
            (&[("limit", "0")][..], "limit"),
            (&[("limit", "101")][..], "limit"),
            (&[("limit", "ten")][..], "limit"),
            (&[("from", "yesterday")][..], "from"),
            (&[("to", "2025-13-01")][..], "to"),
            (&[("from", "2025-02-01"), ("to", "2025-01-01")][..], "from"),
            (&[("cursor", "abc")][..], "cursor"),
            (&[("cursor", "v1.Li4vZXRjL3Bhc3N3ZA")][..], "cursor"),
            (&[("symbol", "::")][..], "symbol"),
            (&[("interval", "--")][..], "interval"),
        ];
        for (pairs, parameter) in cases {
            let error = parse(pairs).unwrap_err();
            assert_eq!(error.parameter, parameter, "{pairs:?}");
        }
    }

    #[test]
    fn unknown_parameter_is_rejected() {
        let result: Result<ListParams, _> = serde_urlencoded::from_str("prefix=charts/");
        assert!(result.is_err());
    }

    #[test]
    fn date_bounds_cover_whole_days() {
        let query = parse(&[("from", "2025-11-01"), ("to", "2025-11-30")]).unwrap();
        assert_eq!(
            query.from,
            Some(Utc.with_ymd_and_hms(2025, 11, 1, 0, 0, 0).unwrap())
        );
        assert_eq!(
            query.to,
            Some(Utc.with_ymd_and_hms(2025, 11, 30, 23, 59, 59).unwrap())
        );
    }

    #[test]
    fn cursor_round_trips() {
        let last = key("charts/2025/11/BTCUSDT-4h-20251116T103000-abc12345.png");
        let query = parse(&[("cursor", &encode_cursor(&last))]).unwrap();
        assert_eq!(query.after, Some(last));
    }

    #[test]
    fn matches_applies_filters_and_cursor() {
        let query = parse(&[
            ("symbol", "BINANCE:btcusdt"),
            ("interval", "4h"),
            ("from", "2025-11-01"),
            (
                "cursor",
                &encode_cursor(&key(
                    "charts/2025/11/BTCUSDT-4h-20251116T103000-abc12345.png",
                )),
            ),
        ])
        .unwrap();
        let older = key("charts/2025/11/BTCUSDT-4h-20251115T000000-00000000.png");
        let same_time_smaller_key = key("charts/2025/11/BTCUSDT-4h-20251116T103000-0bc12345.png");
        let newer = key("charts/2025/11/BTCUSDT-4h-20251117T000000-00000000.png");
        let other_interval = key("charts/2025/11/BTCUSDT-1h-20251115T000000-00000000.png");
        let before_from = key("charts/2025/10/BTCUSDT-4h-20251031T235959-00000000.png");
        assert!(query.matches(&older));
        assert!(query.matches(&same_time_smaller_key));
        assert!(!query.matches(&newer));
        assert!(!query.matches(&other_interval));
        assert!(!query.matches(&before_from));
    }

    #[test]
    fn prefix_narrows_by_symbol_and_interval() {
        let query = parse(&[("symbol", "NYSE:BRK.B"), ("interval", "1D")]).unwrap();
        assert_eq!(query.prefix(2025, 3), "charts/2025/03/BRK.B-1D-");
        let interval_only = parse(&[("interval", "1D")]).unwrap();
        assert_eq!(interval_only.prefix(2025, 3), "charts/2025/03/");
    }

    #[test]
    fn newest_first_orders_by_time_then_key() {
        let mut keys = [
            key("charts/2025/11/A-1h-20251101T000000-00000000.png"),
            key("charts/2025/11/Z-1h-20251101T000000-00000000.png"),
            key("charts/2025/11/M-1h-20251102T000000-00000000.png"),
        ];
        keys.sort_by(newest_first);
        let order: Vec<&str> = keys.iter().map(|key| key.parts().symbol.as_str()).collect();
        assert_eq!(order, ["M", "Z", "A"]);
    }

    #[test]
    fn last_number_reads_prefix_segment() {
        assert_eq!(last_number("charts/2025/", 4), Some(2025));
        assert_eq!(last_number("charts/2025/03/", 2), Some(3));
        assert_eq!(last_number("charts/tmp/", 4), None);
        assert_eq!(last_number("charts/20251/", 4), None);
    }

    proptest! {
        #[test]
        fn parse_never_panics(
            symbol in proptest::option::of("\\PC{0,40}"),
            interval in proptest::option::of("\\PC{0,20}"),
            from in proptest::option::of("\\PC{0,40}"),
            to in proptest::option::of("\\PC{0,40}"),
            limit in proptest::option::of("\\PC{0,10}"),
            cursor in proptest::option::of("\\PC{0,80}"),
        ) {
            let _ = ListQuery::parse(ListParams { symbol, interval, from, to, limit, cursor });
        }
    }
}
