// ConceptStatus: what is stored for one concept at the layer the explorer shows, for the concept tree's
// badge and best-F1 columns.
#pragma once

#include <optional>

namespace hint::widgets {

struct ConceptStatus {
    enum class State {
        Unstudied,  // not a concept of the project (no badge)
        None,       // studied, nothing stored
        Partly,     // some of extraction, classifier, Shapley values stored
        Stored,     // all three: every view can show it
    };
    State state = State::Unstudied;
    bool extracted = false, classifier = false, shapley = false;
    std::optional<double> bestF1;  // the better held-out F1 of the stored classifiers
};

}  // namespace hint::widgets
