#include "model/detail/pth_unpickler.h"

#include <caffe2/serialize/inline_container.h>

#include <cstring>
#include <map>
#include <fstream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <variant>

namespace hint::model::detail {
namespace {

struct Value;
using ValuePtr = std::shared_ptr<Value>;

struct Global {
    std::string module, name;
    std::string full() const { return module + "." + name; }
};
struct Mark {};
struct Storage {
    StoredTensor where;  // dtype, storageNumel and fileOffset (or inMemory) set
};
using Items = std::vector<ValuePtr>;
using DictItems = std::vector<std::pair<ValuePtr, ValuePtr>>;
struct Tuple { Items items; };
struct List { Items items; };
struct Dict { DictItems items; };

struct Value {
    std::variant<std::monostate, bool, int64_t, double, std::string, Global, Mark, Storage, Tuple, List, Dict,
                 StoredTensor>
        v;
};

ValuePtr make(decltype(Value::v) v)
{
    auto p = std::make_shared<Value>();
    p->v = std::move(v);
    return p;
}

[[noreturn]] void fail(const std::string& why) { throw std::runtime_error(why); }

torch::ScalarType storageType(const std::string& name)
{
    static const std::map<std::string, torch::ScalarType> types = {
        {"FloatStorage", torch::kFloat32}, {"DoubleStorage", torch::kFloat64}, {"HalfStorage", torch::kFloat16},
        {"BFloat16Storage", torch::kBFloat16}, {"LongStorage", torch::kInt64}, {"IntStorage", torch::kInt32},
        {"ShortStorage", torch::kInt16}, {"CharStorage", torch::kInt8}, {"ByteStorage", torch::kUInt8},
        {"BoolStorage", torch::kBool}};
    auto found = types.find(name);
    if (found == types.end()) fail("unsupported storage type " + name);
    return found->second;
}

class StateDictUnpickler {
public:
    StateDictUnpickler(const char* data, size_t size, caffe2::serialize::PyTorchStreamReader& archive,
                       std::ifstream& file)
        : m_data(data), m_size(size), m_archive(archive), m_file(file)
    {
    }

    ValuePtr run()
    {
        while (true) {
            const uint8_t op = byte();
            switch (op) {
            case 0x80: byte(); break;                             // PROTO
            case 0x95: bytes(8); break;                           // FRAME
            case '.': return pop();                               // STOP
            case '(': push(make(Mark{})); break;                  // MARK
            case 'N': push(make(std::monostate{})); break;        // NONE
            case 0x88: push(make(true)); break;                   // NEWTRUE
            case 0x89: push(make(false)); break;                  // NEWFALSE
            case 'J': push(make(static_cast<int64_t>(static_cast<int32_t>(le(4))))); break;  // BININT
            case 'K': push(make(static_cast<int64_t>(le(1)))); break;                       // BININT1
            case 'M': push(make(static_cast<int64_t>(le(2)))); break;                       // BININT2
            case 0x8a: push(make(long1())); break;                                          // LONG1
            case 'G': push(make(binfloat())); break;                                        // BINFLOAT
            case 'X': push(make(std::string(bytes(le(4))))); break;                         // BINUNICODE
            case 0x8c: push(make(std::string(bytes(le(1))))); break;                        // SHORT_BINUNICODE
            case 'U': push(make(std::string(bytes(le(1))))); break;                         // SHORT_BINSTRING
            case 'c': {                                                                     // GLOBAL
                std::string module = line(), name = line();
                push(make(Global{module, name}));
                break;
            }
            case ')': push(make(Tuple{})); break;                  // EMPTY_TUPLE
            case ']': push(make(List{})); break;                   // EMPTY_LIST
            case '}': push(make(Dict{})); break;                   // EMPTY_DICT
            case 0x85: tupleOf(1); break;                          // TUPLE1
            case 0x86: tupleOf(2); break;                          // TUPLE2
            case 0x87: tupleOf(3); break;                          // TUPLE3
            case 't': push(make(Tuple{popToMark()})); break;       // TUPLE
            case 'l': push(make(List{popToMark()})); break;        // LIST
            case 'a': {                                            // APPEND
                ValuePtr item = pop();
                asList(top()).push_back(item);
                break;
            }
            case 'e': {                                            // APPENDS
                Items items = popToMark();
                auto& list = asList(top());
                list.insert(list.end(), items.begin(), items.end());
                break;
            }
            case 's': {                                            // SETITEM
                ValuePtr value = pop(), key = pop();
                asDict(top()).emplace_back(key, value);
                break;
            }
            case 'u': {                                            // SETITEMS
                Items items = popToMark();
                if (items.size() % 2) fail("odd SETITEMS");
                auto& dict = asDict(top());
                for (size_t i = 0; i < items.size(); i += 2) dict.emplace_back(items[i], items[i + 1]);
                break;
            }
            case 'q': m_memo[le(1)] = top(); break;                // BINPUT
            case 'r': m_memo[le(4)] = top(); break;                // LONG_BINPUT
            case 0x94: m_memo[m_memo.size()] = top(); break;       // MEMOIZE
            case 'h': push(memo(le(1))); break;                    // BINGET
            case 'j': push(memo(le(4))); break;                    // LONG_BINGET
            case 'Q': push(persistent(pop())); break;              // BINPERSID
            case 'R': {                                            // REDUCE
                ValuePtr args = pop(), callable = pop();
                push(reduce(callable, args));
                break;
            }
            case 'b': pop(); break;  // BUILD: state (a state dict's _metadata) is not needed
            default: fail("unsupported pickle opcode " + std::to_string(op));
            }
        }
    }

private:
    uint8_t byte()
    {
        if (m_pos >= m_size) fail("pickle ends early");
        return static_cast<uint8_t>(m_data[m_pos++]);
    }
    std::string bytes(uint64_t n)
    {
        if (n > m_size - m_pos) fail("pickle ends early");
        std::string s(m_data + m_pos, n);
        m_pos += n;
        return s;
    }
    uint64_t le(int n)
    {
        uint64_t v = 0;
        for (int i = 0; i < n; ++i) v |= static_cast<uint64_t>(byte()) << (8 * i);
        return v;
    }
    int64_t long1()
    {
        const uint8_t n = byte();
        if (n > 8) fail("integer too large");
        uint64_t v = le(n);
        if (n > 0 && n < 8 && (v >> (8 * n - 1)) & 1) v |= ~uint64_t{0} << (8 * n);  // sign-extend
        return static_cast<int64_t>(v);
    }
    double binfloat()
    {
        uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) bits = (bits << 8) | byte();  // big-endian
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return d;
    }
    std::string line()
    {
        std::string s;
        for (char c; (c = static_cast<char>(byte())) != '\n';) s.push_back(c);
        return s;
    }
    void push(ValuePtr v)
    {
        if (m_stack.size() > 1000000) fail("pickle stack too deep");
        m_stack.push_back(std::move(v));
    }
    ValuePtr pop()
    {
        if (m_stack.empty()) fail("pickle stack underflow");
        ValuePtr v = m_stack.back();
        m_stack.pop_back();
        return v;
    }
    ValuePtr& top()
    {
        if (m_stack.empty()) fail("pickle stack underflow");
        return m_stack.back();
    }
    Items popToMark()
    {
        Items items;
        while (true) {
            ValuePtr v = pop();
            if (std::holds_alternative<Mark>(v->v)) break;
            items.push_back(v);
        }
        return Items(items.rbegin(), items.rend());
    }
    void tupleOf(size_t n)
    {
        Items items(n);
        for (size_t i = n; i > 0; --i) items[i - 1] = pop();
        push(make(Tuple{items}));
    }
    ValuePtr memo(uint64_t id)
    {
        auto found = m_memo.find(id);
        if (found == m_memo.end()) fail("unknown memo entry");
        return found->second;
    }
    static Items& asList(ValuePtr& v)
    {
        if (auto* l = std::get_if<List>(&v->v)) return l->items;
        fail("APPEND to a non-list");
    }
    static DictItems& asDict(ValuePtr& v)
    {
        if (auto* d = std::get_if<Dict>(&v->v)) return d->items;
        fail("SETITEM on a non-dict");
    }
    static const Items& tupleItems(const ValuePtr& v)
    {
        if (auto* t = std::get_if<Tuple>(&v->v)) return t->items;
        fail("expected a tuple");
    }
    static int64_t integer(const ValuePtr& v)
    {
        if (auto* i = std::get_if<int64_t>(&v->v)) return *i;
        fail("expected an integer");
    }
    static std::vector<int64_t> integers(const ValuePtr& v)
    {
        std::vector<int64_t> out;
        for (const auto& item : tupleItems(v)) out.push_back(integer(item));
        return out;
    }

    // Where a record's bytes start in the file, when the zip stores them as they are (torch.save always
    // does; another zip tool may compress): the local header before them must say method 0 (stored).
    std::optional<uint64_t> storedRecordOffset(const std::string& record, uint64_t bytes)
    {
        const uint64_t offset = m_archive.getRecordOffset(record);
        constexpr uint64_t kHeader = 30, kLookBack = 4096;  // local header + name + extra field (torch: < 200)
        const uint64_t from = offset > kLookBack ? offset - kLookBack : 0;
        std::string before(static_cast<size_t>(offset - from), '\0');
        m_file.clear();
        m_file.seekg(static_cast<std::streamoff>(from));
        m_file.read(before.data(), static_cast<std::streamsize>(before.size()));
        if (!m_file) return std::nullopt;
        auto le16 = [&](size_t at) { return uint64_t(uint8_t(before[at])) | uint64_t(uint8_t(before[at + 1])) << 8; };
        for (size_t at = before.size() >= kHeader ? before.size() - kHeader + 1 : 0; at-- > 0;) {
            if (before.compare(at, 4, "PK\x03\x04") != 0) continue;
            if (at + kHeader + le16(at + 26) + le16(at + 28) != before.size()) continue;
            if (le16(at + 8) != 0) return std::nullopt;  // compressed
            m_file.seekg(0, std::ios::end);
            const auto fileSize = static_cast<uint64_t>(m_file.tellg());
            if (offset + bytes > fileSize) fail("record " + record + " is truncated");
            return offset;
        }
        return std::nullopt;
    }

    // ('storage', torch.FloatStorage, key, location, numel): the raw bytes of record data/<key>.
    ValuePtr persistent(const ValuePtr& pid)
    {
        const Items& items = tupleItems(pid);
        if (items.size() < 5) fail("unexpected persistent id");
        const auto* type = std::get_if<Global>(&items[1]->v);
        const auto* key = std::get_if<std::string>(&items[2]->v);
        if (!type || !key) fail("unexpected persistent id");
        const torch::ScalarType dtype = storageType(type->name);
        auto cached = m_storages.find(*key);
        if (cached != m_storages.end()) return cached->second;
        const size_t element = c10::elementSize(dtype);
        const int64_t numel = integer(items[4]);
        if (numel < 0) fail("storage " + *key + " has a negative size");
        StoredTensor where;
        where.dtype = dtype;
        where.storageNumel = numel;
        const std::string record = "data/" + *key;
        const uint64_t bytes = static_cast<uint64_t>(numel) * element;
        if (auto offset = storedRecordOffset(record, bytes)) {
            where.fileOffset = *offset;
        } else {  // compressed by some other zip tool: inflated into memory
            auto [data, size] = m_archive.getRecord(record);
            if (bytes > size) fail("storage " + *key + " is truncated");
            auto owner = std::make_shared<at::DataPtr>(std::move(data));
            where.inMemory = torch::from_blob(owner->get(), {numel}, [owner](void*) {}, torch::TensorOptions().dtype(dtype));
        }
        ValuePtr storage = make(Storage{where});
        m_storages[*key] = storage;
        return storage;
    }

    ValuePtr reduce(const ValuePtr& callable, const ValuePtr& args)
    {
        const auto* global = std::get_if<Global>(&callable->v);
        if (!global) fail("REDUCE of a non-global");
        const std::string name = global->full();
        const Items& a = tupleItems(args);
        if (name == "collections.OrderedDict") return make(Dict{});
        if (name == "torch._utils._rebuild_tensor_v2" || name == "torch._utils._rebuild_tensor") {
            if (a.size() < 4) fail("short tensor description");
            const auto* storage = std::get_if<Storage>(&a[0]->v);
            if (!storage) fail("tensor without storage");
            const int64_t offset = integer(a[1]);
            const std::vector<int64_t> sizes = integers(a[2]), strides = integers(a[3]);
            if (sizes.size() != strides.size()) fail("tensor size and stride differ in length");
            int64_t last = offset;
            for (size_t i = 0; i < sizes.size(); ++i) {
                if (sizes[i] < 0 || strides[i] < 0) fail("negative tensor size or stride");
                if (sizes[i] > 0) last += (sizes[i] - 1) * strides[i];
            }
            const bool empty = std::any_of(sizes.begin(), sizes.end(), [](int64_t s) { return s == 0; });
            if (!empty && (offset < 0 || last >= storage->where.storageNumel)) fail("tensor outside its storage");
            StoredTensor tensor = storage->where;
            tensor.sizes = sizes;
            tensor.strides = strides;
            tensor.storageOffset = empty ? 0 : offset;
            return make(tensor);
        }
        if (name == "torch._utils._rebuild_parameter") {
            if (a.empty() || !std::holds_alternative<StoredTensor>(a[0]->v)) fail("parameter without tensor");
            return a[0];
        }
        fail("unsupported object " + name + " in the checkpoint");
    }

    const char* m_data;
    size_t m_size;
    size_t m_pos = 0;
    caffe2::serialize::PyTorchStreamReader& m_archive;
    std::ifstream& m_file;
    std::vector<ValuePtr> m_stack;
    std::map<uint64_t, ValuePtr> m_memo;
    std::map<std::string, ValuePtr> m_storages;
};

}  // namespace

Result<std::vector<StoredTensor>> readStateDictArchive(const std::string& path)
{
    try {
        caffe2::serialize::PyTorchStreamReader archive(path);
        auto [pickle, size] = archive.getRecord("data.pkl");
        std::ifstream file(path, std::ios::binary);
        StateDictUnpickler unpickler(static_cast<const char*>(pickle.get()), size, archive, file);
        ValuePtr root = unpickler.run();
        // A checkpoint may wrap the weights: {"state_dict": {...}} or {"model": {...}}.
        for (int depth = 0; depth < 2; ++depth) {
            const auto* dict = std::get_if<Dict>(&root->v);
            if (!dict) break;
            ValuePtr inner;
            for (const auto& [k, v] : dict->items) {
                const auto* key = std::get_if<std::string>(&k->v);
                if (key && (*key == "state_dict" || *key == "model") && std::holds_alternative<Dict>(v->v)) inner = v;
            }
            if (!inner) break;
            root = inner;
        }
        const auto* dict = std::get_if<Dict>(&root->v);
        if (!dict) return Error::badInput(path + ": the checkpoint is not a state dict (a dict of tensors)");
        std::vector<StoredTensor> tensors;
        for (const auto& [k, v] : dict->items) {
            const auto* key = std::get_if<std::string>(&k->v);
            if (!key) return Error::badInput(path + ": a state dict key is not a string");
            const auto* tensor = std::get_if<StoredTensor>(&v->v);
            if (!tensor) return Error::badInput(path + ": key '" + *key + "' is not a tensor");
            tensors.push_back(*tensor);
            tensors.back().name = *key;
        }
        return tensors;
    } catch (const std::exception& e) {
        std::string what = e.what();
        return Error::badInput(path + ": cannot read PyTorch checkpoint (truncated or corrupt): " +
                               what.substr(0, what.find('\n')));
    }
}

}  // namespace hint::model::detail
