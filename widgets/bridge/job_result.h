// JobResult: a finished job's value, type-erased so JobHandle can be a plain QObject, yet read back
// typed (get<T>()) as the immutable shared_ptr<const T> the engine call produced.
#pragma once

#include "common/result.h"

#include <QMetaType>

#include <memory>
#include <optional>
#include <typeinfo>

namespace hint::bridge {

class JobResult {
public:
    JobResult() = default;

    template <class T>
    static JobResult of(std::shared_ptr<const T> value)
    {
        JobResult result;
        result.m_type = &typeid(T);
        result.m_value = std::move(value);
        return result;
    }

    // Null when the job produced no value or a value of another type.
    template <class T>
    std::shared_ptr<const T> get() const
    {
        if (!m_value || *m_type != typeid(T)) return nullptr;
        return std::static_pointer_cast<const T>(m_value);
    }

    bool isNull() const { return m_value == nullptr; }

private:
    std::shared_ptr<const void> m_value;
    const std::type_info* m_type = nullptr;
};

// What a worker hands to the GUI thread through the QPromise: a value or an error.
struct JobOutcome {
    JobResult result;
    std::optional<Error> error;
};

}  // namespace hint::bridge

Q_DECLARE_METATYPE(hint::bridge::JobResult)
