//! CSV exports as the contract states them: UTF-8, a header row, RFC 4180 quoting, and a `'`
//! before any cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return (OWASP's
//! list: a spreadsheet may drop the leading whitespace and then read a formula), so a
//! spreadsheet never runs a cell as a formula. That includes negative numbers (`-5` is written `'-5`): a sign is data a
//! spreadsheet may mistake for a formula, and one rule for every cell cannot be got wrong by
//! a later export. Exports stream: rows are written as they are read, page by page, and the
//! file is never built whole in memory.

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use futures::{Stream, StreamExt};
use http::{HeaderValue, header};

use crate::Problem;

/// The media type of every export.
pub(crate) const TEXT_CSV: &str = "text/csv; charset=utf-8";

/// The first characters that make a spreadsheet read a cell as a formula (OWASP, CSV
/// injection): a tab or CR in front of `=` may be trimmed away by the importer.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// One cell, escaped: formula-like text prefixed with `'`, then quoted when it holds a comma,
/// a quote, a CR or an LF (inner quotes doubled).
pub(crate) fn cell(text: &str) -> String {
    let guarded = if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// One record: escaped cells joined by commas, ended by CRLF as RFC 4180 says.
pub(crate) fn record<I, S>(cells: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut line = String::new();
    for (i, c) in cells.into_iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        line.push_str(&cell(c.as_ref()));
    }
    line.push_str("\r\n");
    line
}

/// A streamed CSV download: the header record, then each record the stream yields.
/// `filename` must be a plain name (it goes into `Content-Disposition` as is). A stream error
/// after the first byte cannot become a status any more: it is logged and ends the body early,
/// which the client sees as a broken download rather than a silently short file.
pub(crate) fn download<S>(filename: &'static str, header: &[&str], rows: S) -> Response
where
    S: Stream<Item = Result<String, Problem>> + Send + 'static,
{
    let head = futures::stream::once(std::future::ready(Ok::<_, std::io::Error>(record(header))));
    let body = rows.map(|row| {
        row.map_err(|p| {
            tracing::error!(detail = ?p.detail, "export stream failed");
            std::io::Error::other("export failed")
        })
    });
    let mut res = Body::from_stream(head.chain(body)).into_response();
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(TEXT_CSV));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn plain_cells_pass_untouched() {
        assert_eq!(record(["AAPL", "buy", "10.5", ""]), "AAPL,buy,10.5,\r\n");
    }

    #[test]
    fn rfc_4180_quoting() {
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("cr\r"), "\"cr\r\"");
    }

    #[test]
    fn formula_cells_are_defused() {
        assert_eq!(cell("=1+2"), "'=1+2");
        assert_eq!(cell("+SUM(A1)"), "'+SUM(A1)");
        assert_eq!(cell("-5"), "'-5", "negative numbers too, by design");
        assert_eq!(cell("@cmd"), "'@cmd");
        // Prefixed first, then quoted: the quote wraps the whole guarded cell.
        assert_eq!(
            cell("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        // Only the first character matters.
        assert_eq!(cell("a=b"), "a=b");
        assert_eq!(cell("1-2"), "1-2");
    }

    /// OWASP's list includes tab and carriage return: an importer that trims leading
    /// whitespace would otherwise see the `=` behind them.
    #[test]
    fn cells_starting_with_tab_or_cr_are_defused() {
        assert_eq!(cell("\t=1+2"), "'\t=1+2");
        assert_eq!(cell("\tplain"), "'\tplain");
        // A CR forces quoting as well; the prefix goes inside the quotes.
        assert_eq!(cell("\r=1+2"), "\"'\r=1+2\"");
        assert_eq!(record(["\t-5", "a\tb"]), "'\t-5,a\tb\r\n");
    }

    #[test]
    fn utf8_is_kept() {
        assert_eq!(record(["Épargne", "日本"]), "Épargne,日本\r\n");
    }

    #[tokio::test]
    async fn downloads_stream_a_header_then_rows() {
        use http_body_util::BodyExt;
        let rows = futures::stream::iter([Ok(record(["1", "=x"])), Ok(record(["2", "y"]))]);
        let res = download("t.csv", &["n", "v"], rows);
        assert_eq!(res.headers()[header::CONTENT_TYPE], TEXT_CSV);
        assert_eq!(
            res.headers()[header::CONTENT_DISPOSITION],
            "attachment; filename=\"t.csv\""
        );
        let body = res.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(&body[..], b"n,v\r\n1,'=x\r\n2,y\r\n");
    }
}
