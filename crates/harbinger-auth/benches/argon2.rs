//! One argon2id hash at the parameters Harbinger stores (m = 19 MiB, t = 2, p = 1): Harbinger's
//! path (`password::hash_now`: salt, the `argon2` crate's hash in the thread's reused memory,
//! PHC string) beside the bare `argon2` hash into reused memory, so the difference is what the
//! wrapping costs: `cargo bench -p harbinger-auth`. Figures are in `BENCHMARKS.md`.

#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use argon2::{Algorithm, Argon2, Block, Params, Version};
use criterion::{Criterion, criterion_group, criterion_main};
use harbinger_auth::password::hash_now;

fn hashing(c: &mut Criterion) {
    let mut group = c.benchmark_group("argon2id_m19456_t2_p1");
    group.sample_size(30);
    group.bench_function("harbinger", |b| {
        b.iter(|| hash_now(black_box("wide mouth frog 42")).unwrap());
    });
    let params = Params::new(19_456, 2, 1, None).unwrap();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let mut memory = vec![Block::default(); 19_456];
    let mut out = [0u8; 32];
    group.bench_function("argon2_crate", |b| {
        b.iter(|| {
            argon
                .hash_password_into_with_memory(
                    black_box(b"wide mouth frog 42"),
                    b"sixteen byte sal",
                    &mut out,
                    &mut memory,
                )
                .unwrap();
        });
    });
    group.finish();
}

criterion_group!(benches, hashing);
criterion_main!(benches);
