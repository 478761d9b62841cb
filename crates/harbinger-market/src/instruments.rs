//! The instrument table for symbol search, seeded from the bundled S&P 500 constituents list
//! (`data/symbols/sp500_constituents.csv`, public domain; see `data/README.md`).

use csv::StringRecord;
use harbinger_core::Symbol;
use serde::Serialize;

use crate::error::ProviderError;

const BUNDLED: &[u8] = include_bytes!("../../../data/symbols/sp500_constituents.csv");

/// One listed instrument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instrument {
    pub symbol: Symbol,
    pub name: String,
    pub sector: String,
    pub sub_industry: String,
    pub headquarters: String,
}

/// Searchable instruments, in file order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InstrumentTable {
    items: Vec<Instrument>,
}

impl InstrumentTable {
    /// The bundled S&P 500 list (503 rows: some companies have two share classes).
    pub fn bundled() -> Result<Self, ProviderError> {
        Self::from_csv(BUNDLED)
    }

    /// Reads `Symbol,Security,GICS Sector,GICS Sub-Industry,Headquarters Location,…`.
    pub fn from_csv(bytes: &[u8]) -> Result<Self, ProviderError> {
        let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
        let header = rdr
            .headers()
            .map_err(|e| ProviderError::schema(format!("instrument header: {e}")))?
            .clone();
        let col = |name: &str| {
            header
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
                .ok_or_else(|| ProviderError::schema(format!("instrument list has no {name:?}")))
        };
        let (c_sym, c_name) = (col("Symbol")?, col("Security")?);
        let (c_sector, c_sub, c_hq) = (
            col("GICS Sector")?,
            col("GICS Sub-Industry")?,
            col("Headquarters Location")?,
        );
        let mut items = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| ProviderError::schema(format!("instrument list: {e}")))?;
            let get = |r: &StringRecord, i: usize| r.get(i).unwrap_or_default().trim().to_owned();
            let Ok(symbol) = Symbol::parse(&get(&rec, c_sym)) else {
                continue; // a row without a usable ticker cannot be searched for
            };
            items.push(Instrument {
                symbol,
                name: get(&rec, c_name),
                sector: get(&rec, c_sector),
                sub_industry: get(&rec, c_sub),
                headquarters: get(&rec, c_hq),
            });
        }
        Ok(Self { items })
    }

    /// Every instrument, in file order.
    pub fn iter(&self) -> impl Iterator<Item = &Instrument> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn get(&self, symbol: &Symbol) -> Option<&Instrument> {
        self.items.iter().find(|i| &i.symbol == symbol)
    }

    /// Case-insensitive search on ticker and name, best matches first: exact ticker, ticker
    /// prefix, a word of the name starting with the query, then the name containing it.
    /// `BRK-B` finds `BRK.B` (Yahoo writes share classes with a dash).
    pub fn search(&self, query: &str, limit: usize) -> Vec<&Instrument> {
        let q = query.trim().to_lowercase();
        if q.is_empty() || limit == 0 {
            return Vec::new();
        }
        let q_ticker = q.replace('-', ".");
        let mut hits: Vec<(u8, usize, &Instrument)> = self
            .items
            .iter()
            .enumerate()
            .filter_map(|(pos, i)| {
                let ticker = i.symbol.as_str().to_lowercase();
                let name = i.name.to_lowercase();
                let rank = if ticker == q || ticker == q_ticker {
                    0
                } else if ticker.starts_with(&q) || ticker.starts_with(&q_ticker) {
                    1
                } else if name
                    .split([' ', '-', '.', ',', '&'])
                    .any(|w| w.starts_with(&q))
                {
                    2
                } else if name.contains(&q) {
                    3
                } else {
                    return None;
                };
                Some((rank, pos, i))
            })
            .collect();
        hits.sort_by_key(|&(rank, pos, _)| (rank, pos));
        hits.into_iter().take(limit).map(|(_, _, i)| i).collect()
    }
}
