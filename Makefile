# shop - an e-commerce back office as Unix tools
.SUFFIXES:

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share
VERSION = 0.1.0

CC ?= cc
CFLAGS ?= -O2 -g
# warnings are not optional; CI turns them into errors
WFLAGS = -Wall -Wextra $(if $(filter true,$(CI)),-Werror)
PKGS = sqlite3 yaml-0.1 libpq
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -DSHOP_VERSION='"$(VERSION)"' $(WFLAGS) $(CFLAGS) \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null) -Ilib
LDLIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv

# OUT moves the whole build (make check builds under tests/.asan)
OUT ?=
OBJ = $(if $(OUT),$(OUT)/obj,lib/.obj)
LIBA = $(if $(OUT),$(OUT)/libshop.a,lib/libshop.a)
BIN = $(if $(OUT),$(OUT)/bin,bin)

HDRS = $(wildcard lib/*.h)
LIBOBJS = $(patsubst lib/%.c,$(OBJ)/%.o,$(wildcard lib/*.c)) $(OBJ)/schema.o
PROGS = $(patsubst src/%.c,$(BIN)/%,$(wildcard src/*.c))
UNITS = $(patsubst tests/unit/%.c,$(OBJ)/%,$(wildcard tests/unit/t_*.c)) $(OBJ)/csvjson
SCHEMA = $(sort $(wildcard share/schema/*.sql))

all: deps $(PROGS)

deps:
	@sh share/deps.sh build

$(OBJ)/%.o: lib/%.c $(HDRS)
	@mkdir -p $(OBJ)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# migrations compiled into the library, one C string per file, in order
$(OBJ)/schema.c: $(SCHEMA) Makefile
	@mkdir -p $(OBJ)
	{ echo '/* generated from share/schema by make; do not edit */'; \
	  echo 'const char *const shop_migrations[] = {'; \
	  for f in $(SCHEMA); do \
	    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $$f; echo ','; \
	  done; \
	  echo '};'; \
	  echo 'const int shop_nmigrations = $(words $(SCHEMA));'; } > $@

$(OBJ)/schema.o: $(OBJ)/schema.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIBA): $(LIBOBJS)
	rm -f $@
	ar rcs $@ $(LIBOBJS)

$(BIN)/%: src/%.c $(LIBA) $(HDRS)
	@mkdir -p $(BIN)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBA) $(LDLIBS)

$(OBJ)/t_%: tests/unit/t_%.c tests/unit/unit.h $(LIBA) $(HDRS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBA) $(LDLIBS)

$(OBJ)/csvjson: tests/unit/csvjson.c $(LIBA) $(HDRS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBA) $(LDLIBS)


test: all $(UNITS)
	@sh share/deps.sh test
	@sh tests/run.sh $(BIN) $(OBJ)

# the whole suite under AddressSanitizer and UBSan, in its own build tree
check:
	@sh share/deps.sh test
	$(MAKE) OUT=tests/.asan CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
		LDFLAGS='-fsanitize=address,undefined' all-out
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		sh tests/run.sh tests/.asan/bin tests/.asan/obj

all-out: $(PROGS) $(UNITS)

# the suite once more with every binary under valgrind memcheck
valgrind: all $(UNITS)
	@sh share/deps.sh test
	@sh tests/valgrind.sh $(BIN) $(OBJ)

bench: all
	@sh share/deps.sh bench
	@sh tests/bench.sh $(BIN)

demo: all
	@sh share/examples/demo.sh $(BIN)

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(DATADIR)/bash-completion/completions $(DESTDIR)$(DATADIR)/zsh/site-functions
	for p in $(PROGS); do install -m 755 $$p $(DESTDIR)$(BINDIR)/; done
	install -m 644 share/man/man1/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 share/man/man7/*.7 $(DESTDIR)$(MANDIR)/man7/
	for p in $(PROGS); do n=$$(basename $$p); \
		install -m 644 completions/shop.bash $(DESTDIR)$(DATADIR)/bash-completion/completions/$$n; done
	install -m 644 completions/_shop $(DESTDIR)$(DATADIR)/zsh/site-functions/_shop

clean:
	rm -rf bin lib/.obj lib/libshop.a tests/.asan tests/.bench tests/.vg

.PHONY: all deps test check all-out valgrind bench demo install clean
