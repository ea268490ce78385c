# The two commands a newcomer needs (see README.md). Both first install the
# system packages a fresh machine lacks (scripts/install-deps.sh).
#
# One optimised profile (release) serves run, test and bench, so the RocksDB
# C++ build happens once.

.PHONY: deps build serve test bench lint

deps:
	@scripts/install-deps.sh

build: deps
	cargo run --release -- build

serve: deps
	cargo run --release -- build
	cargo run --release -- stats

test: deps
	cargo test --release

bench: deps
	cargo bench --bench convert

lint: deps
	cargo fmt --check
	cargo clippy --release --all-targets -- -D warnings
