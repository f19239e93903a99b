// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the JSON writer of mptcpsecctl (tools/mptcpsecctl/json.c):
 * separators, nesting, escaping, pretty printing.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

#include "../../tools/mptcpsecctl/json.h"
#include "tap.h"

static struct json_writer w;
static char *buf;
static size_t size;
static FILE *f;

static void start(bool pretty)
{
	f = open_memstream(&buf, &size);
	json_init(&w, f, pretty);
}

static const char *finish(void)
{
	fclose(f);
	return buf;
}

int main(void)
{
	start(false);
	json_begin_array(&w, NULL);
	json_end_array(&w);
	json_finish(&w);
	is_str(finish(), "[]\n", "empty array");
	free(buf);

	start(false);
	json_begin_object(&w, NULL);
	json_string(&w, "prefix", "10.0.0.0/8");
	json_uint(&w, "hits", 18446744073709551615ULL);
	json_bool(&w, "default", false);
	json_null(&w, "key");
	json_string(&w, "k2", NULL);
	json_begin_array(&w, "subflows");
	json_begin_object(&w, NULL);
	json_uint(&w, "addr_id", 0);
	json_end_object(&w);
	json_begin_object(&w, NULL);
	json_end_object(&w);
	json_end_array(&w);
	json_end_object(&w);
	json_finish(&w);
	is_str(finish(),
	       "{\"prefix\":\"10.0.0.0/8\",\"hits\":18446744073709551615,\"default\":false,"
	       "\"key\":null,\"k2\":null,\"subflows\":[{\"addr_id\":0},{}]}\n",
	       "object with every kind of value, nested array of objects");
	free(buf);

	start(false);
	json_begin_array(&w, NULL);
	json_string(&w, NULL, "quote\" backslash\\ nl\n tab\t cr\r bell\a del\x7f high\xc3\xa9");
	json_end_array(&w);
	json_finish(&w);
	is_str(finish(),
	       "[\"quote\\\" backslash\\\\ nl\\n tab\\t cr\\r bell\\u0007 del\\u007f high\\u00e9\"]\n",
	       "strings escaped to plain ASCII, UTF-8 as its code point");
	free(buf);

	start(false);
	json_begin_array(&w, NULL);
	json_string(&w, NULL, "/etc/mptcpsec/cl\xc3\xa9s/\xe2\x82\xac\xf0\x9f\x94\x91.key");
	json_string(&w, NULL, "lone\xff over\xc0\xaf surr\xed\xa0\x80 big\xf4\x90\x80\x80 cut\xe2\x82");
	json_end_array(&w);
	json_finish(&w);
	is_str(finish(),
	       "[\"/etc/mptcpsec/cl\\u00e9s/\\u20ac\\ud83d\\udd11.key\","
	       "\"lone\\ufffd over\\ufffd\\ufffd surr\\ufffd\\ufffd\\ufffd"
	       " big\\ufffd\\ufffd\\ufffd\\ufffd cut\\ufffd\\ufffd\"]\n",
	       "UTF-8 paths keep their characters (surrogate pair above U+FFFF); other bytes become U+FFFD");
	free(buf);

	start(true);
	json_begin_array(&w, NULL);
	json_begin_object(&w, NULL);
	json_string(&w, "name", "k1");
	json_uint(&w, "len", 32);
	json_begin_array(&w, "empty");
	json_end_array(&w);
	json_end_object(&w);
	json_end_array(&w);
	json_finish(&w);
	is_str(finish(),
	       "[\n    {\n        \"name\": \"k1\",\n        \"len\": 32,\n        \"empty\": []\n    }\n]\n",
	       "pretty printing indents by four spaces");
	free(buf);

	start(false);
	json_begin_object(&w, NULL);
	json_end_object(&w);
	json_finish(&w);
	json_begin_array(&w, NULL);
	json_uint(&w, NULL, 1);
	json_uint(&w, NULL, 2);
	json_end_array(&w);
	json_finish(&w);
	is_str(finish(), "{}\n[1,2]\n", "two documents in a row (batch mode)");
	free(buf);
	return tap_done();
}
