# The two commands a newcomer needs (see README.md). Both first install the
# system packages a fresh machine lacks (scripts/install-deps.sh).
#
# One optimised profile (release) serves run, test and bench, so the RocksDB
# C++ build happens once.

.PHONY: deps build serve test bench bench-serve lint

deps:
	@scripts/install-deps.sh

build: deps
	cargo run --release -- build

serve: deps
	cargo run --release -- serve

# The gate CI runs (.ci/run): formatting and clippy with warnings as errors
# first, then every test.
test: deps lint
	cargo test --release

bench: deps
	cargo bench --bench convert

# civkg serve vs oxigraph serve-read-only on the same store (see benches/serve.sh).
bench-serve: deps
	benches/serve.sh

lint: deps
	cargo fmt --check
	cargo clippy --release --all-targets -- -D warnings
