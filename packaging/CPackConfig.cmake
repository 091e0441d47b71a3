# The Debian package: `cpack -G DEB` in the build folder after a build. Library dependencies are found by
# dpkg-shlibdeps from the binaries; the rest (data and plugins loaded at run time) are listed here.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME hint-explorer)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The HINT Explorer developers")
set(CPACK_PACKAGE_CONTACT "The HINT Explorer developers <hint-explorer@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "neurons and WordNet concepts of image CNNs (HINT)")
set(CPACK_PACKAGE_DESCRIPTION "HINT Explorer implements HINT, the Hierarchical Neuron concepT explainer
(CVPR 2022): it links the neurons of a hidden layer of an image classifier to the concepts of the
WordNet hierarchy and checks the result by weakly supervised object localization. It contains the
desktop explorer (hint-explorer), the headless command line (hint) and a built-in demo.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/hintexplorer/hint-explorer")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Not visible to dpkg-shlibdeps: WordNet's data files and Qt's platform plugins (xcb, wayland); the SVG
# plugins come with libqt6svg6, which shlibdeps finds.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "wordnet-base")
if(HINT_BUILD_GUI)
  string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", qt6-qpa-plugins")
endif()
# LibTorch links libblas.so.3, which without an optimized provider is the slow reference BLAS.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenblas0-openmp")
# torchvision fetches the pretrained checkpoints that hint loads (docs/own-model.md).
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "python3-torchvision")
include(CPack)
