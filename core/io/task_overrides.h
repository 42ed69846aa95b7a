#pragma once
// Task overrides from a JSON file, for evaluations the built-in catalogue
// does not know or gets wrong for a given setup:
//   {"tasks": {"my_task": {"chance": 0.2, "category": "reasoning"},
//              "my_loss": {"category": "language-modelling", "lower_is_better": true}}}
// "chance" may be null (no chance level). Categories: reasoning, long-context,
// commonsense, knowledge, language-modelling, other.

#include <string>

#include "core/model/task_catalog.h"

namespace rs {

// Applies the file's entries to `catalog`; returns "" or one message naming
// the file and the offending task and key. On error nothing is applied.
std::string applyTaskOverrides(const std::string& path, TaskCatalog& catalog);

}  // namespace rs
