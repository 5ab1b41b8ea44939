# CheckpointLab: `make demo` runs the tour lesson; `make test` runs the tests.
# Both install what is missing (Graphviz's C library) first.
SWIFT ?= swift
SHELL := /bin/bash
CKPT_RELEASE = .build/release/ckpt
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build release demo test bench browser-bench golden lesson-docs docs clean flink-check flink-captures

deps:
	@command -v $(SWIFT) >/dev/null || { echo "error: swift not found (Swift 6.x is needed)"; exit 2; }
	@pkg-config --exists libgvc 2>/dev/null || { \
	  echo "Installing Graphviz (libgraphviz-dev graphviz)..."; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libgraphviz-dev graphviz pkg-config; }
	@python3 -c 'import jsonschema, yaml' 2>/dev/null || { \
	  echo "Installing jsonschema and pyyaml for the schema tests..."; \
	  python3 -m pip install -q jsonschema pyyaml || $(SUDO) apt-get install -y -qq python3-jsonschema python3-yaml; }

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product ckpt

demo: release
	@mkdir -p traces docs
	$(CKPT_RELEASE) run lessons/00-tour.yaml --trace traces/00-tour.jsonl; \
	  status=$$?; [ $$status -le 1 ] || exit $$status
	$(CKPT_RELEASE) render traces/00-tour.jsonl --kind sequence --format svg -o docs/tour-sequence.svg
	@echo "Trace: traces/00-tour.jsonl   Diagram: docs/tour-sequence.svg"

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build 2>&1 | tee .build/test.log; exit $${PIPESTATUS[0]}
	@command -v tmux >/dev/null || $(SUDO) apt-get install -y -qq tmux >/dev/null 2>&1 || true
	scripts/cli-check.sh
	scripts/hostile-check.sh
	scripts/docs-examples-check.py
	scripts/tmux-player-check.sh
	@if command -v chromium >/dev/null; then scripts/browser-check.py; \
	  else echo "browser-check skipped: no Chromium here (.ci/run installs it: apt-get install -y chromium)"; fi

docs: release lesson-docs
	$(CKPT_RELEASE) render traces/00-tour.jsonl --kind sequence -o docs/tour-sequence.svg
	$(CKPT_RELEASE) render traces/00-tour.jsonl --kind sequence --from 300 --to 480 -o docs/tour-failover.svg
	$(CKPT_RELEASE) render traces/00-tour.jsonl --kind lifecycle --checkpoint 1 -o docs/tour-lifecycle.svg
	$(CKPT_RELEASE) render traces/00-tour.jsonl --kind topology --at 250 -o docs/tour-topology.svg

# The golden trace of every lesson (traces/NN-*.jsonl), after a deliberate protocol change;
# `make test` compares fresh runs with them byte for byte.
golden: build
	$(SWIFT) run ckpt lessons --golden traces
	python3 schema/validate.py traces/*.jsonl

# docs/lessons: one page, one sequence diagram and one step-through web page per lesson, and an index.
lesson-docs: build
	@mkdir -p docs/lessons
	$(SWIFT) run ckpt lessons --docs docs/lessons

# Against a live Flink 2.3 (needs Java 17; installs apache-flink==2.3.0 into flink/.venv once):
# capture every case of flink/cases.py, import, check, conform and compare with its twin.
flink-check: deps
	$(SWIFT) build --product ckpt
	scripts/flink-check.sh

# Replace the committed real captures (Tests/CheckpointInteropTests/FlinkCaptures) with new ones.
flink-captures:
	flink/run --out Tests/CheckpointInteropTests/FlinkCaptures

bench: release
	$(CKPT_RELEASE) bench

# The step-through page of a 10,000-event trace in headless Chromium: first paint, step and frame times.
browser-bench: release
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }
	CKPT=$(CKPT_RELEASE) scripts/browser-check.py --bench

clean:
	rm -rf .build
