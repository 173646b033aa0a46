// The rollback half of an all-or-nothing apply: every step that changes the kernel
// records how to take itself back; on failure the steps are undone newest first. An undo
// that fails does not stop the others; its message is collected for the final error.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace p4nf::deploy {

class UndoLog {
 public:
  void push(std::string what, std::function<void()> undo) {
    steps_.push_back({std::move(what), std::move(undo)});
  }
  // Undoes everything recorded, newest first; returns what could not be undone (empty
  // when the kernel is back where it was).
  std::vector<std::string> rollBack() {
    std::vector<std::string> failures;
    for (auto it = steps_.rbegin(); it != steps_.rend(); ++it) {
      try {
        it->undo();
      } catch (const std::exception& error) {
        failures.push_back("undo " + it->what + ": " + error.what());
      }
    }
    steps_.clear();
    return failures;
  }
  // The apply committed: nothing is to be undone any more.
  void forget() { steps_.clear(); }
  size_t size() const { return steps_.size(); }

 private:
  struct Step {
    std::string what;
    std::function<void()> undo;
  };
  std::vector<Step> steps_;
};

}  // namespace p4nf::deploy
