//! Valuation of a book of 1,000 positions (three lots each) at 1,000 latest prices, and the
//! replay that builds it: `cargo bench -p harbinger-portfolio`. The goal is < 5 ms per
//! valuation; figures are in `BENCHMARKS.md`.

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use harbinger_core::Symbol;
use harbinger_portfolio::{Book, Decimal, Kind, Transaction};

const POSITIONS: usize = 1_000;

fn symbol(i: usize) -> Symbol {
    Symbol::parse(&format!("S{i:04}")).unwrap()
}

fn transactions() -> Vec<Transaction> {
    let mut txs = vec![
        Transaction::new(
            Kind::CashIn,
            0,
            None,
            Decimal::new(100_000_000, 0),
            Decimal::ONE,
            Decimal::ZERO,
        )
        .unwrap(),
    ];
    for lot in 0..3_i64 {
        for i in 0..POSITIONS {
            let price = Decimal::new(10_000 + (i as i64 * 37 + lot * 101) % 50_000, 2);
            txs.push(
                Transaction::new(
                    Kind::Buy,
                    1 + lot,
                    Some(symbol(i)),
                    Decimal::new(10 + lot, 0),
                    price,
                    Decimal::new(100, 2),
                )
                .unwrap(),
            );
        }
    }
    txs
}

fn valuation(c: &mut Criterion) {
    let txs = transactions();
    let book = Book::replay(&txs).unwrap();
    let prices: HashMap<Symbol, Decimal> = (0..POSITIONS)
        .map(|i| (symbol(i), Decimal::new(12_345 + i as i64, 2)))
        .collect();
    c.bench_function("valuation/1000_positions", |b| {
        b.iter(|| black_box(&book).valuation(black_box(&prices)));
    });
    c.bench_function("replay/3001_transactions", |b| {
        b.iter(|| Book::replay(black_box(&txs)).unwrap());
    });
}

criterion_group!(benches, valuation);
criterion_main!(benches);
