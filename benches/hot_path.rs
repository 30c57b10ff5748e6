//! Criterion micro-benchmarks of the scoring hot path: tokenizer, lexicon matcher, featurizer and
//! one whole sentence scored, on the sentences of the bundled labeled data (data/sentences.csv)
//! with the bundled model. `cargo bench --bench hot_path`; eval/BENCH.md has end-to-end numbers.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use slant::features::{FeatureScratch, SentenceFeatures};
use slant::lexicon::MatchScratch;
use slant::text::clean::Cleaner;
use slant::text::tokens::tokenize_into;
use slant::Model;

fn sentences() -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sentences.csv");
    let mut reader = csv::Reader::from_path(&path).expect("data/sentences.csv");
    let text = reader
        .headers()
        .expect("header")
        .iter()
        .position(|h| h == "text")
        .expect("text column");
    reader
        .records()
        .map(|r| r.expect("record")[text].to_string())
        .collect()
}

fn model() -> Model {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models/default.slant.json");
    Model::load(&path).expect("bundled model")
}

fn hot_path(c: &mut Criterion) {
    let sentences = sentences();
    let bytes: usize = sentences.iter().map(String::len).sum();
    let model = model();
    let featurizer = &model.featurizer;
    let mut group = c.benchmark_group("hot_path");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);

    let mut tokens = Vec::new();
    group.bench_function("tokenizer", |b| {
        b.iter(|| {
            let mut n = 0;
            for s in &sentences {
                tokenize_into(black_box(s), &mut tokens);
                n += tokens.len();
            }
            n
        })
    });

    let lexicon = featurizer.lexicon();
    let tokenized: Vec<_> = sentences
        .iter()
        .map(|s| {
            let mut t = Vec::new();
            tokenize_into(s, &mut t);
            t
        })
        .collect();
    let mut scratch = MatchScratch::new();
    let mut matches = Vec::new();
    group.bench_function("lexicon_matcher", |b| {
        b.iter(|| {
            let mut n = 0;
            for (s, t) in sentences.iter().zip(&tokenized) {
                lexicon.find_into(black_box(s), t, &mut scratch, &mut matches);
                n += matches.len();
            }
            n
        })
    });

    let mut feature_scratch = FeatureScratch::default();
    let mut features = SentenceFeatures::default();
    group.bench_function("featurizer", |b| {
        b.iter(|| {
            let mut n = 0;
            for s in &sentences {
                featurizer.transform_into(black_box(s), &mut feature_scratch, &mut features);
                n += features.indices.len();
            }
            n
        })
    });

    let mut probs = Vec::new();
    group.bench_function("featurize_and_predict", |b| {
        b.iter(|| {
            let mut sum = 0.0;
            for s in &sentences {
                featurizer.transform_into(black_box(s), &mut feature_scratch, &mut features);
                model.predict_into(&features, &mut probs);
                sum += probs[0][0];
            }
            sum
        })
    });

    let cleaner = Cleaner::builtin();
    group.bench_function("clean", |b| {
        b.iter(|| {
            let mut n = 0;
            for s in &sentences {
                n += cleaner.clean(black_box(s)).text.len();
            }
            n
        })
    });
    group.finish();
}

criterion_group!(benches, hot_path);
criterion_main!(benches);
