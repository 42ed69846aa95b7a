#include "core/io/sweep/sweep_manifest.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include "core/io/import_error.h"
#include "core/io/json/json_document.h"

namespace rs::sweep {
namespace {

namespace fs = std::filesystem;

// Options an entry must not carry: where results go is the manifest's, and
// a manifest inside a manifest would recurse.
const std::vector<std::string> kReserved = {"--db", "--out", "--append", "--manifest", "--index", "--out-dir"};

constexpr std::uintmax_t kMaxBytes = 16 * 1024 * 1024;

bool strings(const rapidjson::Value* v, std::vector<std::string>& out) {
  if (!v || !v->IsArray()) return false;
  for (const auto& s : v->GetArray()) {
    if (!s.IsString()) return false;
    out.emplace_back(s.GetString(), s.GetStringLength());
  }
  return true;
}

std::optional<std::string> reserved(const std::vector<std::string>& args) {
  for (const std::string& a : args)
    if (std::find(kReserved.begin(), kReserved.end(), a) != kReserved.end()) return a;
  return std::nullopt;
}

std::string absolute(const std::string& path) {
  std::error_code ec;
  const fs::path p = fs::absolute(path, ec);
  return ec ? path : p.lexically_normal().string();
}

}  // namespace

std::string SweepManifest::doneMarker(int index) const { return stateDir() + "/entry-" + std::to_string(index) + ".done"; }

std::string SweepManifest::resultFile(int index) const {
  char name[32];
  std::snprintf(name, sizeof name, "/entry-%04d.csv", index);
  return out_dir + name;
}

bool SweepManifest::done(int index) const {
  std::error_code ec;
  return fs::exists(out_dir.empty() ? doneMarker(index) : resultFile(index), ec);
}

std::optional<std::string> readManifest(const std::string& path, SweepManifest& out) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return path + ": cannot open: " + (fs::exists(path, ec) ? "not a regular file" : "no such file");
  if (fs::file_size(path, ec) > kMaxBytes) return path + ": too large for a sweep manifest";
  std::ifstream in(path, std::ios::binary);
  if (!in) return path + ": cannot open";
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  rapidjson::Document doc;
  try {
    doc = json::parse(bytes, path);
  } catch (const ImportFailure& e) {
    return e.error.text();
  }
  auto bad = [&](const std::string& where, const std::string& why) { return path + ": at " + where + ": " + why; };
  const rapidjson::Value* version = json::member(doc, "ratioscope_sweep");
  if (!version || !version->IsInt() || version->GetInt() != 1) return bad("/ratioscope_sweep", "not a Ratioscope sweep manifest of version 1");
  out = SweepManifest{};
  out.path = absolute(path);
  if (!strings(json::member(doc, "trial_args"), out.trial_args)) return bad("/trial_args", "must be a list of strings");
  if (auto r = reserved(out.trial_args)) return bad("/trial_args", *r + " is the manifest's to set");
  for (const char* key : {"db", "out_dir"}) {
    const rapidjson::Value* v = json::member(doc, key);
    if (v && !v->IsString()) return bad(std::string("/") + key, "must be a string");
  }
  out.db = json::stringMember(doc, "db").value_or("");
  out.out_dir = json::stringMember(doc, "out_dir").value_or("");
  if (out.db.empty() == out.out_dir.empty()) return bad("/", "give exactly one of \"db\" and \"out_dir\"");
  const rapidjson::Value* entries = json::member(doc, "entries");
  if (!entries || !entries->IsArray() || entries->Empty()) return bad("/entries", "must be a non-empty list");
  for (const auto& e : entries->GetArray()) {
    const std::string at = "/entries/" + std::to_string(out.entries.size());
    if (!e.IsObject()) return bad(at, "must be an object");
    SweepEntry entry;
    const rapidjson::Value* index = json::member(e, "index");
    if (!index || !index->IsInt() || index->GetInt() != static_cast<int>(out.entries.size()))
      return bad(at + "/index", "entries must be numbered 0, 1, 2, ... in order");
    entry.index = index->GetInt();
    entry.kind = json::stringMember(e, "kind").value_or("");
    if (entry.kind != "dense" && entry.kind != "compress") return bad(at + "/kind", "must be \"dense\" or \"compress\"");
    if (!strings(json::member(e, "args"), entry.args)) return bad(at + "/args", "must be a list of strings");
    if (auto r = reserved(entry.args)) return bad(at + "/args", *r + " is the manifest's to set");
    if (const rapidjson::Value* deps = json::member(e, "depends_on")) {
      if (!deps->IsArray()) return bad(at + "/depends_on", "must be a list of entry numbers");
      for (const auto& d : deps->GetArray()) {
        if (!d.IsInt() || d.GetInt() < 0 || d.GetInt() >= entry.index) return bad(at + "/depends_on", "an entry depends only on earlier entries");
        entry.depends_on.push_back(d.GetInt());
      }
    }
    out.entries.push_back(std::move(entry));
  }
  return std::nullopt;
}

std::optional<std::string> writeManifest(const SweepManifest& m) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
  auto strings = [&](const std::vector<std::string>& list) {
    w.StartArray();
    for (const std::string& s : list) w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size()));
    w.EndArray();
  };
  w.StartObject();
  w.Key("ratioscope_sweep");
  w.Int(1);
  w.Key("trial_args");
  strings(m.trial_args);
  w.Key(m.db.empty() ? "out_dir" : "db");
  w.String(m.db.empty() ? m.out_dir.c_str() : m.db.c_str());
  w.Key("entries");
  w.StartArray();
  for (const SweepEntry& e : m.entries) {
    w.StartObject();
    w.Key("index");
    w.Int(e.index);
    w.Key("kind");
    w.String(e.kind.c_str());
    w.Key("args");
    strings(e.args);
    w.Key("depends_on");
    w.StartArray();
    for (int d : e.depends_on) w.Int(d);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  // A reader (a task starting) sees the old manifest or the new, never half.
  const std::string temporary = m.path + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream f(temporary, std::ios::binary | std::ios::trunc);
    f << buffer.GetString() << '\n';
    f.close();
    if (!f) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      return m.path + ": cannot write";
    }
  }
  std::error_code ec;
  fs::rename(temporary, m.path, ec);
  if (ec) {
    fs::remove(temporary, ec);
    return m.path + ": cannot write: " + ec.message();
  }
  return std::nullopt;
}

}  // namespace rs::sweep
