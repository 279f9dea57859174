/// The papers the checker reads, cited by authors, title and arXiv id (the project's paper
/// collection names them by file; a clone of this repository does not have it).
public enum Papers {
    public static let poster000 = "Adeoye, Petersen, Bemporad, poster \"Optimization of Neural Networks with an Explicit Regularization: Generalized Gauss-Newton Method\" (full paper: arXiv 2404.14875)"
    public static let paper001 = "Adeoye, Petersen, Bemporad, \"Regularized Gauss-Newton for Optimizing Overparameterized Neural Networks\", arXiv 2404.14875"
    public static let cai002 = "Cai et al., \"A Gram-Gauss-Newton Method Learning Overparameterized Deep Neural Networks for Regression Problems\", arXiv 1905.11675 (slides)"
    public static let cayci003 = "Cayci, \"A Riemannian Optimization Perspective of the Gauss-Newton Method for Feedforward Neural Networks\", arXiv 2412.14031"
    public static let bu004 = "Bu, Xu, Chen, \"A Dynamical View on Optimization Algorithms of Overparameterized Neural Networks\" (poster)"
}
