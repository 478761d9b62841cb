use harbinger_core::Symbol;
use harbinger_market::instruments::InstrumentTable;

#[test]
fn bundled_table_has_every_constituent() {
    let t = InstrumentTable::bundled().unwrap();
    assert_eq!(t.len(), 503);
    let aapl = t.get(&Symbol::parse("AAPL").unwrap()).unwrap();
    assert_eq!(aapl.name, "Apple Inc.");
    assert_eq!(aapl.sector, "Information Technology");
    // Quoted fields with commas are read whole.
    let mmm = t.get(&Symbol::parse("MMM").unwrap()).unwrap();
    assert_eq!(mmm.headquarters, "Saint Paul, Minnesota");
}

#[test]
fn search_ranks_ticker_matches_first() {
    let t = InstrumentTable::bundled().unwrap();
    let hits: Vec<&str> = t
        .search("aapl", 5)
        .iter()
        .map(|i| i.symbol.as_str())
        .collect();
    assert_eq!(hits, ["AAPL"]);
    let apple = t.search("apple", 5);
    assert_eq!(apple[0].symbol.as_str(), "AAPL");
    let brk = t.search("BRK-B", 5);
    assert_eq!(brk[0].symbol.as_str(), "BRK.B");
    let goog: Vec<&str> = t
        .search("goog", 5)
        .iter()
        .map(|i| i.symbol.as_str())
        .collect();
    assert_eq!(goog, ["GOOG", "GOOGL"]);
    assert!(t.search("  ", 5).is_empty());
    assert!(t.search("zzzzzz", 5).is_empty());
    assert_eq!(t.search("a", 3).len(), 3);
}
