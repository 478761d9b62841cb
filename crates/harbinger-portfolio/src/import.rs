//! CSV import: `date,symbol,side,quantity,price,fee` with a header row (in any order; other
//! columns are ignored, so an export imports as it is). Every row is checked
//! and every bad one reported (line number and reason); the caller applies the rows only when
//! there is no error at all, so an import is never half done.

use std::collections::HashMap;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate};
use harbinger_core::Symbol;
use rust_decimal::Decimal;

use crate::tx::{Kind, Transaction};

/// The columns, in the order exports write them. The header may list them in any order.
pub const COLUMNS: [&str; 6] = ["date", "symbol", "side", "quantity", "price", "fee"];

/// A row that could not be read. `line` is 1-based and counts the header as line 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub reason: String,
}

/// A row read successfully, with the line it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedRow {
    pub line: u64,
    pub tx: Transaction,
}

/// Reads a whole file. Either every row is valid, or the answer is the list of errors (at
/// most `max_errors` of them; a file of more than `max_rows` rows is refused as a whole).
pub fn parse_csv(
    text: &[u8],
    max_rows: usize,
    max_errors: usize,
) -> Result<Vec<ImportedRow>, Vec<RowError>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text);
    let header_error = |reason: String| vec![RowError { line: 1, reason }];
    let headers = reader
        .headers()
        .map_err(|e| header_error(format!("unreadable header: {e}")))?
        .clone();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for (i, name) in headers.iter().enumerate() {
        let name = name.trim_start_matches('\u{feff}');
        // Other columns (an export's `portfolio`) are ignored.
        let Some(col) = COLUMNS.iter().find(|c| c.eq_ignore_ascii_case(name)) else {
            continue;
        };
        if at.insert(col, i).is_some() {
            return Err(header_error(format!("column {col} appears twice")));
        }
    }
    if let Some(missing) = COLUMNS.iter().find(|c| !at.contains_key(*c)) {
        return Err(header_error(format!(
            "missing column {missing}; the header must be {}",
            COLUMNS.join(",")
        )));
    }

    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (n, record) in reader.records().enumerate() {
        if n >= max_rows {
            return Err(vec![RowError {
                line: n as u64 + 2,
                reason: format!("too many rows: at most {max_rows} per import"),
            }]);
        }
        let line = match &record {
            Ok(r) => r.position().map_or(n as u64 + 2, csv::Position::line),
            Err(e) => e.position().map_or(n as u64 + 2, csv::Position::line),
        };
        let parsed = match &record {
            Ok(r) => row(|name| at.get(name).and_then(|&i| r.get(i)).unwrap_or("")),
            Err(e) => Err(format!("unreadable row: {e}")),
        };
        match parsed {
            Ok(tx) => rows.push(ImportedRow { line, tx }),
            Err(reason) => {
                if errors.len() < max_errors {
                    errors.push(RowError { line, reason });
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

fn row<'r>(cell: impl Fn(&str) -> &'r str) -> Result<Transaction, String> {
    let kind = Kind::from_str(cell("side")).map_err(|e| e.to_string())?;
    let time = parse_time(cell("date"))?;
    let symbol = match cell("symbol") {
        "" => None,
        s => Some(Symbol::parse(s).map_err(|e| format!("symbol: {e}"))?),
    };
    let quantity = decimal("quantity", cell("quantity"), None)?;
    let price = decimal(
        "price",
        cell("price"),
        kind.price_defaults_to_one().then_some(Decimal::ONE),
    )?;
    let fee = decimal("fee", cell("fee"), Some(Decimal::ZERO))?;
    Transaction::new(kind, time, symbol, quantity, price, fee).map_err(|e| e.to_string())
}

/// A number; an empty cell takes `default` when there is one.
pub fn decimal(field: &str, text: &str, default: Option<Decimal>) -> Result<Decimal, String> {
    match (text, default) {
        ("", Some(d)) => Ok(d),
        ("", None) => Err(format!("{field} is required")),
        (t, _) => Decimal::from_str(t).map_err(|_| {
            format!(
                "{field}: {:?} is not a decimal number",
                t.chars().take(40).collect::<String>()
            )
        }),
    }
}

/// `YYYY-MM-DD` (midnight UTC) or an RFC 3339 time, to Unix milliseconds.
pub fn parse_time(text: &str) -> Result<i64, String> {
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return day
            .and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc().timestamp_millis())
            .ok_or_else(|| format!("date {text:?} is out of range"));
    }
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.timestamp_millis())
        .map_err(|_| {
            format!(
                "date {:?} is neither YYYY-MM-DD nor an RFC 3339 time",
                text.chars().take(40).collect::<String>()
            )
        })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_good_file_reads_whole() {
        let text = "Date,Symbol,Side,Quantity,Price,Fee\n\
                    2024-01-02,,cash_in,10000,,\n\
                    2024-01-02,aapl,buy,10,185.64,1\n\
                    \"2024-03-01T15:30:00Z\",AAPL,sell,4,\"180.5\",0.5\n\
                    2024-05-16,AAPL,dividend,6,0.25,\n";
        let rows = parse_csv(text.as_bytes(), 100, 100).unwrap();
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0].tx.gross(), "10000".parse().unwrap());
        assert_eq!(rows[1].line, 3);
        assert_eq!(rows[1].tx.symbol().unwrap().as_str(), "AAPL");
        assert_eq!(rows[2].tx.time(), 1_709_307_000_000);
        assert_eq!(rows[3].tx.fee(), Decimal::ZERO);
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let text = "side,date,symbol,quantity,price,fee\n\
                    buy,2024-01-02,AAPL,10,100,0\n\
                    short,2024-01-02,AAPL,10,100,0\n\
                    buy,02/01/2024,AAPL,10,100,0\n\
                    buy,2024-01-02,AAPL,-1,100,0\n\
                    buy,2024-01-02,,10,100,0\n\
                    sell,2024-01-02,AAPL,1,,0\n\
                    buy,2024-01-02,AAPL,1,12x,0\n";
        let errors = parse_csv(text.as_bytes(), 100, 100).unwrap_err();
        let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 6, 7, 8]);
        assert!(errors[0].reason.contains("unknown side"), "{errors:?}");
        assert!(errors[1].reason.contains("date"), "{errors:?}");
        assert!(errors[2].reason.contains("quantity"), "{errors:?}");
        assert!(errors[3].reason.contains("needs a symbol"), "{errors:?}");
        assert!(errors[4].reason.contains("price is required"), "{errors:?}");
        assert!(errors[5].reason.contains("not a decimal"), "{errors:?}");
    }

    #[test]
    fn the_header_is_required_and_checked() {
        let no_header = "2024-01-02,AAPL,buy,10,100,0\n";
        let e = parse_csv(no_header.as_bytes(), 10, 10).unwrap_err();
        assert_eq!(e[0].line, 1);
        assert!(e[0].reason.contains("missing column date"), "{e:?}");
        let missing = "date,symbol,side,quantity,price\n2024-01-02,AAPL,buy,1,1\n";
        let e = parse_csv(missing.as_bytes(), 10, 10).unwrap_err();
        assert!(e[0].reason.contains("missing column fee"), "{e:?}");
        let e = parse_csv(b"", 10, 10).unwrap_err();
        assert_eq!(e[0].line, 1);
    }

    #[test]
    fn row_and_error_counts_are_capped() {
        let mut text = String::from("date,symbol,side,quantity,price,fee\n");
        for _ in 0..5 {
            text.push_str("bad,AAPL,buy,1,1,0\n");
        }
        assert_eq!(parse_csv(text.as_bytes(), 10, 2).unwrap_err().len(), 2);
        let e = parse_csv(text.as_bytes(), 3, 10).unwrap_err();
        assert!(e[0].reason.contains("too many rows"), "{e:?}");
    }
}
