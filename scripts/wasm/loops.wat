;; Elementwise loops of the fused wasm kernels (the GRU gates of src/compute/fusedGru.ts, the Adam step of
;; src/compute/fusedAdam.ts, column sums for src/compute/wasmKernels.ts) in wasm SIMD, working in place on tfjs-wasm's heap (imported memory). Every value is the
;; result of the same IEEE operations, in the same order and precision, as the JS loops they replace (lanes are
;; independent; a float32 op equals the JS double op rounded to float32). Pointers and strides are in bytes; `n`
;; elements per row. Built by scripts/wasm/build.mjs into src/compute/wasmLoopsBinary.ts.
(module
  (import "env" "memory" (memory 1))

  ;; o[r][j] = a[r][j] + b[r][j]
  (func (export "addRows")
    (param $a i32) (param $as i32) (param $b i32) (param $bs i32) (param $o i32) (param $os i32)
    (param $rows i32) (param $n i32)
    (local $r i32) (local $j i32) (local $n4 i32) (local $k i32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (block $rdone (loop $rloop
      (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $j (i32.const 0))
      (block $vdone (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $j) (local.get $n4)))
        (local.set $k (i32.shl (local.get $j) (i32.const 2)))
        (v128.store align=4 (i32.add (local.get $o) (local.get $k))
          (f32x4.add
            (v128.load align=4 (i32.add (local.get $a) (local.get $k)))
            (v128.load align=4 (i32.add (local.get $b) (local.get $k)))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $vloop)))
      (block $sdone (loop $sloop
        (br_if $sdone (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $k (i32.shl (local.get $j) (i32.const 2)))
        (f32.store (i32.add (local.get $o) (local.get $k))
          (f32.add
            (f32.load (i32.add (local.get $a) (local.get $k)))
            (f32.load (i32.add (local.get $b) (local.get $k)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $sloop)))
      (local.set $a (i32.add (local.get $a) (local.get $as)))
      (local.set $b (i32.add (local.get $b) (local.get $bs)))
      (local.set $o (i32.add (local.get $o) (local.get $os)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rloop))))

  ;; o[r][j] = 2 · (x[r][j] + g[r][j] · p[r][j])   (2·a_n for tanh(a) = 2σ(2a) − 1)
  (func (export "candidateRows")
    (param $x i32) (param $xs i32) (param $g i32) (param $gs i32) (param $p i32) (param $ps i32)
    (param $o i32) (param $os i32) (param $rows i32) (param $n i32)
    (local $r i32) (local $j i32) (local $n4 i32) (local $k i32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (block $rdone (loop $rloop
      (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $j (i32.const 0))
      (block $vdone (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $j) (local.get $n4)))
        (local.set $k (i32.shl (local.get $j) (i32.const 2)))
        (v128.store align=4 (i32.add (local.get $o) (local.get $k))
          (f32x4.mul
            (f32x4.splat (f32.const 2))
            (f32x4.add
              (v128.load align=4 (i32.add (local.get $x) (local.get $k)))
              (f32x4.mul
                (v128.load align=4 (i32.add (local.get $g) (local.get $k)))
                (v128.load align=4 (i32.add (local.get $p) (local.get $k)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $vloop)))
      (block $sdone (loop $sloop
        (br_if $sdone (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $k (i32.shl (local.get $j) (i32.const 2)))
        (f32.store (i32.add (local.get $o) (local.get $k))
          (f32.mul
            (f32.const 2)
            (f32.add
              (f32.load (i32.add (local.get $x) (local.get $k)))
              (f32.mul
                (f32.load (i32.add (local.get $g) (local.get $k)))
                (f32.load (i32.add (local.get $p) (local.get $k)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $sloop)))
      (local.set $x (i32.add (local.get $x) (local.get $xs)))
      (local.set $g (i32.add (local.get $g) (local.get $gs)))
      (local.set $p (i32.add (local.get $p) (local.get $ps)))
      (local.set $o (i32.add (local.get $o) (local.get $os)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rloop))))

  ;; nj = 2·s − 1 (s = σ(2a_n)), c = nj + z·(h − nj); masked rows: h' = m·c + (1 − m)·h, else h' = c.
  ;; Writes h' to the state h (in place) and to the states output st, and nj to nk when nk ≠ 0.
  ;; The mask value of row r is read at mk + r·mks when mk ≠ 0.
  (func (export "outputRows")
    (param $z i32) (param $zs i32) (param $s i32) (param $ss i32) (param $h i32) (param $hs i32)
    (param $st i32) (param $sts i32) (param $nk i32) (param $nks i32) (param $mk i32) (param $mks i32)
    (param $rows i32) (param $n i32)
    (local $r i32) (local $j i32) (local $n4 i32) (local $k i32)
    (local $m f32) (local $m1 f32) (local $vm v128) (local $vm1 v128)
    (local $nj v128) (local $hv v128) (local $c v128)
    (local $snj f32) (local $sh f32) (local $sc f32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (block $rdone (loop $rloop
      (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
      (if (local.get $mk) (then
        (local.set $m (f32.load (local.get $mk)))
        (local.set $m1 (f32.sub (f32.const 1) (local.get $m)))
        (local.set $vm (f32x4.splat (local.get $m)))
        (local.set $vm1 (f32x4.splat (local.get $m1)))))
      (local.set $j (i32.const 0))
      (block $vdone (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $j) (local.get $n4)))
        (local.set $k (i32.shl (local.get $j) (i32.const 2)))
        (local.set $nj
          (f32x4.sub
            (f32x4.mul (f32x4.splat (f32.const 2)) (v128.load align=4 (i32.add (local.get $s) (local.get $k))))
            (f32x4.splat (f32.const 1))))
        (local.set $hv (v128.load align=4 (i32.add (local.get $h) (local.get $k))))
        (local.set $c
          (f32x4.add
            (local.get $nj)
            (f32x4.mul
              (v128.load align=4 (i32.add (local.get $z) (local.get $k)))
              (f32x4.sub (local.get $hv) (local.get $nj)))))
        (if (local.get $mk) (then
          (local.set $c
            (f32x4.add (f32x4.mul (local.get $vm) (local.get $c)) (f32x4.mul (local.get $vm1) (local.get $hv))))))
        (if (local.get $nk) (then
          (v128.store align=4 (i32.add (local.get $nk) (local.get $k)) (local.get $nj))))
        (v128.store align=4 (i32.add (local.get $st) (local.get $k)) (local.get $c))
        (v128.store align=4 (i32.add (local.get $h) (local.get $k)) (local.get $c))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $vloop)))
      (block $sdone (loop $sloop
        (br_if $sdone (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $k (i32.shl (local.get $j) (i32.const 2)))
        (local.set $snj
          (f32.sub
            (f32.mul (f32.const 2) (f32.load (i32.add (local.get $s) (local.get $k))))
            (f32.const 1)))
        (local.set $sh (f32.load (i32.add (local.get $h) (local.get $k))))
        (local.set $sc
          (f32.add
            (local.get $snj)
            (f32.mul
              (f32.load (i32.add (local.get $z) (local.get $k)))
              (f32.sub (local.get $sh) (local.get $snj)))))
        (if (local.get $mk) (then
          (local.set $sc
            (f32.add (f32.mul (local.get $m) (local.get $sc)) (f32.mul (local.get $m1) (local.get $sh))))))
        (if (local.get $nk) (then
          (f32.store (i32.add (local.get $nk) (local.get $k)) (local.get $snj))))
        (f32.store (i32.add (local.get $st) (local.get $k)) (local.get $sc))
        (f32.store (i32.add (local.get $h) (local.get $k)) (local.get $sc))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $sloop)))
      (local.set $z (i32.add (local.get $z) (local.get $zs)))
      (local.set $s (i32.add (local.get $s) (local.get $ss)))
      (local.set $h (i32.add (local.get $h) (local.get $hs)))
      (local.set $st (i32.add (local.get $st) (local.get $sts)))
      (if (local.get $nk) (then (local.set $nk (i32.add (local.get $nk) (local.get $nks)))))
      (if (local.get $mk) (then (local.set $mk (i32.add (local.get $mk) (local.get $mks)))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rloop))))

  ;; One backward step over `rows` rows (gruSequenceBackward), in float64 like the JS loop, two lanes at a time:
  ;;   carried = c (+ back, a float32 sum, when back ≠ 0);  g = dy + carried;  dc = m·g;
  ;;   dan = dc(1 − z)(1 − n²);  daz = dc(h − n)·z·(1 − z);  dar = dan·hn·r·(1 − r);
  ;;   dxp = [daz | dar | dan];  step = [daz | dar | dan·r];  c = (1 − m)·g + dc·z   (stored as float32).
  ;; z at zr, r at zr + 4n; dxp and step hold three blocks of n at +0, +4n, +8n. m = 1 when mk = 0.
  (func (export "backwardRows")
    (param $dy i32) (param $dys i32) (param $c i32) (param $cs i32) (param $back i32)
    (param $prev i32) (param $prevs i32) (param $zr i32) (param $zrs i32) (param $nn i32) (param $ns i32)
    (param $hn i32) (param $hns i32) (param $mk i32) (param $mks i32) (param $dx i32) (param $dxs i32)
    (param $st i32) (param $sts i32) (param $rows i32) (param $n i32)
    (local $r i32) (local $j i32) (local $n2 i32) (local $k i32) (local $b4 i32) (local $b8 i32)
    (local $m f64) (local $m1 f64) (local $vm v128) (local $vm1 v128) (local $one v128)
    (local $cf v128) (local $g v128) (local $z v128) (local $rg v128) (local $nv v128) (local $dc v128)
    (local $dan v128) (local $daz v128) (local $dar v128)
    (local $sg f64) (local $sz f64) (local $sr f64) (local $sn f64) (local $sdc f64)
    (local $sdan f64) (local $sdaz f64) (local $sdar f64) (local $scf f32)
    (local.set $n2 (i32.and (local.get $n) (i32.const -2)))
    (local.set $b4 (i32.shl (local.get $n) (i32.const 2)))
    (local.set $b8 (i32.shl (local.get $n) (i32.const 3)))
    (local.set $one (f64x2.splat (f64.const 1)))
    (local.set $m (f64.const 1))
    (block $rdone (loop $rloop
      (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
      (if (local.get $mk) (then (local.set $m (f64.promote_f32 (f32.load (local.get $mk))))))
      (local.set $m1 (f64.sub (f64.const 1) (local.get $m)))
      (local.set $vm (f64x2.splat (local.get $m)))
      (local.set $vm1 (f64x2.splat (local.get $m1)))
      (local.set $j (i32.const 0))
      (block $vdone (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $j) (local.get $n2)))
        (local.set $k (i32.shl (local.get $j) (i32.const 2)))
        (local.set $cf (v128.load64_zero align=4 (i32.add (local.get $c) (local.get $k))))
        (if (local.get $back) (then
          (local.set $cf (f32x4.add (local.get $cf) (v128.load64_zero align=4 (i32.add (local.get $back) (local.get $k)))))))
        (local.set $g
          (f64x2.add
            (f64x2.promote_low_f32x4 (v128.load64_zero align=4 (i32.add (local.get $dy) (local.get $k))))
            (f64x2.promote_low_f32x4 (local.get $cf))))
        (local.set $z (f64x2.promote_low_f32x4 (v128.load64_zero align=4 (i32.add (local.get $zr) (local.get $k)))))
        (local.set $rg (f64x2.promote_low_f32x4
          (v128.load64_zero align=4 (i32.add (i32.add (local.get $zr) (local.get $b4)) (local.get $k)))))
        (local.set $nv (f64x2.promote_low_f32x4 (v128.load64_zero align=4 (i32.add (local.get $nn) (local.get $k)))))
        (local.set $dc (f64x2.mul (local.get $vm) (local.get $g)))
        (local.set $dan
          (f64x2.mul
            (f64x2.mul (local.get $dc) (f64x2.sub (local.get $one) (local.get $z)))
            (f64x2.sub (local.get $one) (f64x2.mul (local.get $nv) (local.get $nv)))))
        (local.set $daz
          (f64x2.mul
            (f64x2.mul
              (f64x2.mul
                (local.get $dc)
                (f64x2.sub
                  (f64x2.promote_low_f32x4 (v128.load64_zero align=4 (i32.add (local.get $prev) (local.get $k))))
                  (local.get $nv)))
              (local.get $z))
            (f64x2.sub (local.get $one) (local.get $z))))
        (local.set $dar
          (f64x2.mul
            (f64x2.mul
              (f64x2.mul
                (local.get $dan)
                (f64x2.promote_low_f32x4 (v128.load64_zero align=4 (i32.add (local.get $hn) (local.get $k)))))
              (local.get $rg))
            (f64x2.sub (local.get $one) (local.get $rg))))
        (v128.store64_lane align=4 0 (i32.add (local.get $dx) (local.get $k)) (f32x4.demote_f64x2_zero (local.get $daz)))
        (v128.store64_lane align=4 0 (i32.add (i32.add (local.get $dx) (local.get $b4)) (local.get $k))
          (f32x4.demote_f64x2_zero (local.get $dar)))
        (v128.store64_lane align=4 0 (i32.add (i32.add (local.get $dx) (local.get $b8)) (local.get $k))
          (f32x4.demote_f64x2_zero (local.get $dan)))
        (v128.store64_lane align=4 0 (i32.add (local.get $st) (local.get $k)) (f32x4.demote_f64x2_zero (local.get $daz)))
        (v128.store64_lane align=4 0 (i32.add (i32.add (local.get $st) (local.get $b4)) (local.get $k))
          (f32x4.demote_f64x2_zero (local.get $dar)))
        (v128.store64_lane align=4 0 (i32.add (i32.add (local.get $st) (local.get $b8)) (local.get $k))
          (f32x4.demote_f64x2_zero (f64x2.mul (local.get $dan) (local.get $rg))))
        (v128.store64_lane align=4 0 (i32.add (local.get $c) (local.get $k))
          (f32x4.demote_f64x2_zero
            (f64x2.add (f64x2.mul (local.get $vm1) (local.get $g)) (f64x2.mul (local.get $dc) (local.get $z)))))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $vloop)))
      (block $sdone (loop $sloop
        (br_if $sdone (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $k (i32.shl (local.get $j) (i32.const 2)))
        (local.set $scf (f32.load (i32.add (local.get $c) (local.get $k))))
        (if (local.get $back) (then
          (local.set $scf (f32.add (local.get $scf) (f32.load (i32.add (local.get $back) (local.get $k)))))))
        (local.set $sg
          (f64.add
            (f64.promote_f32 (f32.load (i32.add (local.get $dy) (local.get $k))))
            (f64.promote_f32 (local.get $scf))))
        (local.set $sz (f64.promote_f32 (f32.load (i32.add (local.get $zr) (local.get $k)))))
        (local.set $sr (f64.promote_f32 (f32.load (i32.add (i32.add (local.get $zr) (local.get $b4)) (local.get $k)))))
        (local.set $sn (f64.promote_f32 (f32.load (i32.add (local.get $nn) (local.get $k)))))
        (local.set $sdc (f64.mul (local.get $m) (local.get $sg)))
        (local.set $sdan
          (f64.mul
            (f64.mul (local.get $sdc) (f64.sub (f64.const 1) (local.get $sz)))
            (f64.sub (f64.const 1) (f64.mul (local.get $sn) (local.get $sn)))))
        (local.set $sdaz
          (f64.mul
            (f64.mul
              (f64.mul
                (local.get $sdc)
                (f64.sub (f64.promote_f32 (f32.load (i32.add (local.get $prev) (local.get $k)))) (local.get $sn)))
              (local.get $sz))
            (f64.sub (f64.const 1) (local.get $sz))))
        (local.set $sdar
          (f64.mul
            (f64.mul
              (f64.mul (local.get $sdan) (f64.promote_f32 (f32.load (i32.add (local.get $hn) (local.get $k)))))
              (local.get $sr))
            (f64.sub (f64.const 1) (local.get $sr))))
        (f32.store (i32.add (local.get $dx) (local.get $k)) (f32.demote_f64 (local.get $sdaz)))
        (f32.store (i32.add (i32.add (local.get $dx) (local.get $b4)) (local.get $k)) (f32.demote_f64 (local.get $sdar)))
        (f32.store (i32.add (i32.add (local.get $dx) (local.get $b8)) (local.get $k)) (f32.demote_f64 (local.get $sdan)))
        (f32.store (i32.add (local.get $st) (local.get $k)) (f32.demote_f64 (local.get $sdaz)))
        (f32.store (i32.add (i32.add (local.get $st) (local.get $b4)) (local.get $k)) (f32.demote_f64 (local.get $sdar)))
        (f32.store (i32.add (i32.add (local.get $st) (local.get $b8)) (local.get $k))
          (f32.demote_f64 (f64.mul (local.get $sdan) (local.get $sr))))
        (f32.store (i32.add (local.get $c) (local.get $k))
          (f32.demote_f64
            (f64.add (f64.mul (local.get $m1) (local.get $sg)) (f64.mul (local.get $sdc) (local.get $sz)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $sloop)))
      (local.set $dy (i32.add (local.get $dy) (local.get $dys)))
      (local.set $c (i32.add (local.get $c) (local.get $cs)))
      (if (local.get $back) (then (local.set $back (i32.add (local.get $back) (local.get $cs)))))
      (local.set $prev (i32.add (local.get $prev) (local.get $prevs)))
      (local.set $zr (i32.add (local.get $zr) (local.get $zrs)))
      (local.set $nn (i32.add (local.get $nn) (local.get $ns)))
      (local.set $hn (i32.add (local.get $hn) (local.get $hns)))
      (if (local.get $mk) (then (local.set $mk (i32.add (local.get $mk) (local.get $mks)))))
      (local.set $dx (i32.add (local.get $dx) (local.get $dxs)))
      (local.set $st (i32.add (local.get $st) (local.get $sts)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rloop))))

  ;; Adam (fusedAdam.ts), all float32: gi = g·scale (when hasScale), m1 = m·b1 + gi·c1, v1 = v·b2 + gi²·c2,
  ;; θ' = ((m1 / a1) / (√(v1 / a2) + eps))·step + θ.
  (func (export "adam")
    (param $th i32) (param $m i32) (param $v i32) (param $g i32) (param $tho i32) (param $mo i32) (param $vo i32)
    (param $count i32) (param $hasScale i32) (param $scale f32) (param $b1 f32) (param $c1 f32) (param $b2 f32)
    (param $c2 f32) (param $a1 f32) (param $a2 f32) (param $eps f32) (param $step f32)
    (local $j i32) (local $n4 i32) (local $k i32)
    (local $gi v128) (local $m1 v128) (local $v1 v128)
    (local $sgi f32) (local $sm1 f32) (local $sv1 f32)
    (local.set $n4 (i32.and (local.get $count) (i32.const -4)))
    (block $vdone (loop $vloop
      (br_if $vdone (i32.ge_u (local.get $j) (local.get $n4)))
      (local.set $k (i32.shl (local.get $j) (i32.const 2)))
      (local.set $gi (v128.load align=4 (i32.add (local.get $g) (local.get $k))))
      (if (local.get $hasScale) (then (local.set $gi (f32x4.mul (local.get $gi) (f32x4.splat (local.get $scale))))))
      (local.set $m1
        (f32x4.add
          (f32x4.mul (v128.load align=4 (i32.add (local.get $m) (local.get $k))) (f32x4.splat (local.get $b1)))
          (f32x4.mul (local.get $gi) (f32x4.splat (local.get $c1)))))
      (local.set $v1
        (f32x4.add
          (f32x4.mul (v128.load align=4 (i32.add (local.get $v) (local.get $k))) (f32x4.splat (local.get $b2)))
          (f32x4.mul (f32x4.mul (local.get $gi) (local.get $gi)) (f32x4.splat (local.get $c2)))))
      (v128.store align=4 (i32.add (local.get $mo) (local.get $k)) (local.get $m1))
      (v128.store align=4 (i32.add (local.get $vo) (local.get $k)) (local.get $v1))
      (v128.store align=4 (i32.add (local.get $tho) (local.get $k))
        (f32x4.add
          (f32x4.mul
            (f32x4.div
              (f32x4.div (local.get $m1) (f32x4.splat (local.get $a1)))
              (f32x4.add
                (f32x4.sqrt (f32x4.div (local.get $v1) (f32x4.splat (local.get $a2))))
                (f32x4.splat (local.get $eps))))
            (f32x4.splat (local.get $step)))
          (v128.load align=4 (i32.add (local.get $th) (local.get $k)))))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br $vloop)))
    (block $sdone (loop $sloop
      (br_if $sdone (i32.ge_u (local.get $j) (local.get $count)))
      (local.set $k (i32.shl (local.get $j) (i32.const 2)))
      (local.set $sgi (f32.load (i32.add (local.get $g) (local.get $k))))
      (if (local.get $hasScale) (then (local.set $sgi (f32.mul (local.get $sgi) (local.get $scale)))))
      (local.set $sm1
        (f32.add
          (f32.mul (f32.load (i32.add (local.get $m) (local.get $k))) (local.get $b1))
          (f32.mul (local.get $sgi) (local.get $c1))))
      (local.set $sv1
        (f32.add
          (f32.mul (f32.load (i32.add (local.get $v) (local.get $k))) (local.get $b2))
          (f32.mul (f32.mul (local.get $sgi) (local.get $sgi)) (local.get $c2))))
      (f32.store (i32.add (local.get $mo) (local.get $k)) (local.get $sm1))
      (f32.store (i32.add (local.get $vo) (local.get $k)) (local.get $sv1))
      (f32.store (i32.add (local.get $tho) (local.get $k))
        (f32.add
          (f32.mul
            (f32.div
              (f32.div (local.get $sm1) (local.get $a1))
              (f32.add (f32.sqrt (f32.div (local.get $sv1) (local.get $a2))) (local.get $eps)))
            (local.get $step))
          (f32.load (i32.add (local.get $th) (local.get $k)))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $sloop))))

  ;; Column sums of x [rows, cols]: o[j] = ((0 + x[0][j]) + x[1][j]) + …, each column accumulated in float32 in row
  ;; order, as tfjs-wasm's Sum adds the rows of its transposed input (Sum.cc: T sum = 0; sum += *x).
  (func (export "columnSums") (param $x i32) (param $rows i32) (param $cols i32) (param $o i32)
    (local $r i32) (local $j i32) (local $n4 i32) (local $k i32)
    (local.set $n4 (i32.and (local.get $cols) (i32.const -4)))
    (block $zdone (loop $zloop
      (br_if $zdone (i32.ge_u (local.get $j) (local.get $cols)))
      (f32.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2))) (f32.const 0))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $zloop)))
    (block $rdone (loop $rloop
      (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $j (i32.const 0))
      (block $vdone (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $j) (local.get $n4)))
        (local.set $k (i32.shl (local.get $j) (i32.const 2)))
        (v128.store align=4 (i32.add (local.get $o) (local.get $k))
          (f32x4.add
            (v128.load align=4 (i32.add (local.get $o) (local.get $k)))
            (v128.load align=4 (i32.add (local.get $x) (local.get $k)))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $vloop)))
      (block $sdone (loop $sloop
        (br_if $sdone (i32.ge_u (local.get $j) (local.get $cols)))
        (local.set $k (i32.shl (local.get $j) (i32.const 2)))
        (f32.store (i32.add (local.get $o) (local.get $k))
          (f32.add
            (f32.load (i32.add (local.get $o) (local.get $k)))
            (f32.load (i32.add (local.get $x) (local.get $k)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $sloop)))
      (local.set $x (i32.add (local.get $x) (i32.shl (local.get $cols) (i32.const 2))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rloop))))
)
