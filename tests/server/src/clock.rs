//! Dates in the two spellings the server needs: miniserv's `Date:` header and Virtualmin's
//! `03/Dec/2026 12:43`, computed from Unix time without a date library.

use std::time::{SystemTime, UNIX_EPOCH};

const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Seconds since the Unix epoch, now.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Broken-down UTC time.
struct Civil {
    year: i64,
    month: usize,
    day: u32,
    hour: u64,
    minute: u64,
    second: u64,
    weekday: usize,
}

fn civil(unix: u64) -> Civil {
    let days = (unix / 86_400) as i64;
    let rest = unix % 86_400;

    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as usize;
    let year = yoe + era * 400 + i64::from(month <= 2);

    Civil {
        year,
        month,
        day,
        hour: rest / 3600,
        minute: rest % 3600 / 60,
        second: rest % 60,
        weekday: (days.rem_euclid(7)) as usize,
    }
}

/// The `Date:` header as miniserv writes it: `Thu, 3 Dec 2026 12:47:51 GMT` (no leading zero
/// on the day).
pub fn http_date(unix: u64) -> String {
    let c = civil(unix);
    format!(
        "{}, {} {} {} {:02}:{:02}:{:02} GMT",
        DAYS[c.weekday],
        c.day,
        MONTHS[c.month - 1],
        c.year,
        c.hour,
        c.minute,
        c.second
    )
}

/// Virtualmin's short timestamp: `03/Dec/2026 12:43`.
pub fn webmin_date(unix: u64) -> String {
    let c = civil(unix);
    format!(
        "{:02}/{}/{} {:02}:{:02}",
        c.day,
        MONTHS[c.month - 1],
        c.year,
        c.hour,
        c.minute
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_match_the_recorded_spellings() {
        // 1796301792 is example.com's "Created Unix time" in the recordings.
        assert_eq!(webmin_date(1_796_301_792), "03/Dec/2026 12:43");
        assert_eq!(http_date(1_796_301_792), "Thu, 3 Dec 2026 12:43:12 GMT");
        assert_eq!(http_date(0), "Thu, 1 Jan 1970 00:00:00 GMT");
    }
}
